using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZkSummarize.DevChain;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks local up`: one command for a local network that stock x402 clients pay. A dev chain posing as
/// devnet (devnet's genesis hash, devnet USDC's mint at its address), the escrow program deployed and
/// configured with the ceremony key, a payer keyfile with SOL and USDC, one node; it prints what to run
/// next and runs until Ctrl+C.
/// </summary>
internal static class LocalCommand
{
    /// <summary>The CAIP-2 id of devnet, which the chain poses as.</summary>
    public const string DevnetNetwork = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";

    /// <summary>The file in the keys folder that says where everything is, for scripts.</summary>
    public const string DescriptionFile = "local-network.json";

    public static Command Create() => new("local", "A local network on this machine that stock clients can pay.") { Up() };

    private static Command Up()
    {
        var port = new Option<int>("--port") { Description = "The chain's JSON-RPC port (the websocket uses the next one); 0 picks free ports.", DefaultValueFactory = _ => 8899 };
        var httpPort = new Option<int>("--http-port") { Description = "The node's HTTP port; 0 picks a free one.", DefaultValueFactory = _ => 4021 };
        var keys = new Option<DirectoryInfo?>("--keys") { Description = "An empty folder for the keys and settings, kept after exit (default: a temporary folder, removed on exit)." };
        var usdc = new Option<decimal>("--usdc") { Description = "USDC to give the payer.", DefaultValueFactory = _ => 100m };
        var command = new Command("up", "Start a dev chain posing as devnet (devnet USDC at its address), the program configured with the ceremony key, a funded payer keyfile and one node; Ctrl+C stops it.")
        {
            port, httpPort, keys, usdc,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(keys);
            var amount = parse.GetValue(usdc);
            if (folder is { Exists: true } && folder.EnumerateFileSystemInfos().Any())
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{folder.FullName} is not empty.[/] Give --keys an empty or new folder: a local network's keys and job store start fresh.");
                return ExitCodes.Usage;
            }
            if (amount is <= 0 or > 1_000_000)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--usdc must be more than 0 and at most 1,000,000, got {amount}.[/]");
                return ExitCodes.Usage;
            }

            try
            {
                await RunAsync(new LocalNetworkOptions
                {
                    AsDevnet = true,
                    ChainPort = parse.GetValue(port),
                    NodeHttpPort = parse.GetValue(httpPort),
                    KeysFolder = folder?.FullName,
                    ClientUsdc = (ulong)(amount * 1_000_000m),
                }, ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or InvalidOperationException or HttpRequestException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The local network did not start:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task RunAsync(LocalNetworkOptions options, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        await using var network = await LocalNetwork.StartAsync(root, options, ct);
        var setup = network.Setup;
        var summaries = new Uri(network.Node.Url, "v1/summaries");
        var description = new JsonObject
        {
            ["network"] = DevnetNetwork,
            ["rpcUrl"] = network.Chain.RpcUrl.ToString(),
            ["wsUrl"] = network.Chain.WebSocketUrl.ToString(),
            ["nodeUrl"] = network.Node.Url.ToString(),
            ["summariesUrl"] = summaries.ToString(),
            ["payerKeypair"] = setup.ClientFile,
            ["mint"] = setup.Mint.ToString(),
            ["programId"] = setup.Program.ProgramId.ToString(),
            ["price"] = ChainBootstrap.Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var descriptionFile = Path.Combine(Path.GetDirectoryName(setup.KeysFolder)!, DescriptionFile);
        await File.WriteAllTextAsync(descriptionFile, description.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);

        // Plain Console for what a developer copies: no markup, no wrapping at the terminal's width.
        Console.WriteLine();
        Console.WriteLine($"Local network is up, posing as devnet ({DevnetNetwork}).");
        Console.WriteLine($"  chain     {network.Chain.RpcUrl} (websocket {network.Chain.WebSocketUrl})");
        Console.WriteLine($"  node      {network.Node.Url} (POST {summaries}, {Usdc.Format(ChainBootstrap.Price)} USDC a summary)");
        Console.WriteLine($"  payer     {setup.ClientFile} (2 SOL, {Usdc.Format(options.ClientUsdc)} devnet USDC {setup.Mint})");
        Console.WriteLine($"  program   {setup.Program.ProgramId} (configured with the ceremony's verifying key)");
        Console.WriteLine($"  all of it {descriptionFile}");
        Console.WriteLine();
        Console.WriteLine("Pay for a summary with the stock x402 client (npm install @x402/fetch @x402/svm @solana/kit), in an .mjs file:");
        Console.WriteLine(PaymentSnippet(setup.ClientFile, network.Chain.RpcUrl, summaries));
        Console.WriteLine();
        Console.WriteLine($"Or with zks: zks summarize <file> --node {network.Node.Url} --keypair {setup.ClientFile} --rpc {network.Chain.RpcUrl}");
        Console.WriteLine("Ctrl+C stops the network.");
        await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None);
        Console.WriteLine("Stopping the local network…");
    }

    /// <summary>The few lines of @x402/fetch that pay the node, with this network's values filled in.</summary>
    public static string PaymentSnippet(string payerFile, Uri rpcUrl, Uri summariesUrl) => $$"""
          import { readFileSync } from 'node:fs';
          import { wrapFetchWithPaymentFromConfig } from '@x402/fetch';
          import { ExactSvmScheme } from '@x402/svm/exact/client';
          import { createKeyPairSignerFromBytes } from '@solana/kit';

          const signer = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync('{{payerFile}}', 'utf8'))));
          const pay = wrapFetchWithPaymentFromConfig(fetch, {
            schemes: [{ network: '{{DevnetNetwork}}', client: new ExactSvmScheme(signer, { rpcUrl: '{{rpcUrl}}' }) }],
          });
          const response = await pay('{{summariesUrl}}', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: readFileSync('article.txt', 'utf8'), sentences: 3 }),
          });
          console.log(response.status, await response.json());
        """;
}
