using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks demo`: one paid, proven summary on the embedded default, step by step. It starts the dev chain,
/// deploys the escrow program built from source, makes a USDC-like mint, funds a client, a worker and a
/// treasury, and starts a node. The client buys a summary with x402's escrow scheme: it locks the price
/// for its document; the node summarises (TextRank), proves (Groth16, development key) and attests on
/// chain, which pays the worker and the treasury; the receipt is verified offline and on chain.
/// </summary>
internal static class DemoCommand
{
    private const byte UsdcDecimals = 6;
    private const ulong Price = 250_000; // 0.25 USDC
    private const ushort FeeBasisPoints = 500;

    public static Command Create()
    {
        var document = new Option<FileInfo?>("--document") { Description = "The document to summarise (default: a BBC article from ../shared/data when present, else our sample)." };
        var receiptPath = new Option<FileInfo>("--receipt") { Description = "Where to write the receipt.", DefaultValueFactory = _ => new FileInfo("receipt.json") };
        var command = new Command("demo", "Pay for a summary in USDC, get it proven and attested on a local chain, and verify the receipt.") { document, receiptPath };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await RunAsync(parse.GetValue(document), parse.GetValue(receiptPath)!, ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or TransactionFailedException or InvalidOperationException or TimeoutException or HttpRequestException or DocumentException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The demo failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task RunAsync(FileInfo? documentFile, FileInfo receiptFile, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        var programFile = Path.Combine(root, "src", "onchain", "build", "zksummarize_escrow.so");
        var circuitFolder = Path.Combine(root, "circuits", "build");
        if (!File.Exists(programFile) || !File.Exists(Path.Combine(circuitFolder, "grounding.r1cs")))
        {
            throw new InvalidOperationException("The program or the circuit is not built. Run scripts/demo.sh, which builds both (src/onchain/build.sh, circuits/build.sh).");
        }
        var (title, text) = LoadDocument(documentFile, root);

        await using var chain = await Step("Starting the dev chain (LiteSVM, agave 4.3 runtime)", () => DevChainProcess.StartAsync(new DevChainOptions(), cancellationToken: ct));
        var rpc = SolanaRpcClient.Create(chain.RpcUrl);
        var admin = new DevChainAdmin(new HttpClient(), chain.RpcUrl);
        var tokens = new TokenClient(rpc);
        using var programKey = Keypair.Generate();
        var program = new EscrowProgram(programKey.PublicKey);
        using var issuer = Keypair.Generate();
        using var mint = Keypair.Generate();
        using var client = Keypair.Generate();
        using var worker = Keypair.Generate();
        using var treasuryOwner = Keypair.Generate();

        var programBytes = await File.ReadAllBytesAsync(programFile, ct);
        await Step($"Deploying the escrow program built from source ({programBytes.Length:N0} bytes, sha256 {Receipt.Hash(programBytes)[..16]}…)", () => admin.AddProgramAsync(program.ProgramId.ToString(), programBytes, ct));
        await Step("Funding the issuer, client, worker and treasury with SOL for fees", async () =>
        {
            foreach (var wallet in new[] { issuer, client, worker, treasuryOwner })
            {
                await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(wallet.PublicKey, 2_000_000_000, ct), cancellationToken: ct);
            }
        });
        await Step($"Creating a USDC-like mint ({UsdcDecimals} decimals)", () => tokens.CreateMintAsync(issuer, mint, UsdcDecimals, issuer.PublicKey, ct));
        var clientUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, client.PublicKey, mint.PublicKey, ct);
        var workerUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, worker.PublicKey, mint.PublicKey, ct);
        var treasuryUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, treasuryOwner.PublicKey, mint.PublicKey, ct);
        await Step("Minting 10 USDC to the client", () => tokens.MintToAsync(issuer, mint.PublicKey, clientUsdc, issuer, 10_000_000, ct));

        var verifyingKey = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(Path.Combine(root, "circuits", "verification_key.dev.json"), ct)));
        await Step($"Configuring the program: mint, treasury, {FeeBasisPoints / 100.0:0.#}% fee, the development verifying key", async () =>
        {
            await rpc.SendAsync([program.InitializeConfig(issuer.PublicKey, mint.PublicKey, treasuryUsdc, FeeBasisPoints)], [issuer], ct);
            await rpc.SendAsync([program.SetVerifyingKey(issuer.PublicKey, verifyingKey)], [issuer], ct);
        });
        using var feePayer = Keypair.Generate();
        await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(feePayer.PublicKey, 2_000_000_000, ct), cancellationToken: ct);
        var keys = Directory.CreateTempSubdirectory("zks-demo-keys-");
        try
        {
            feePayer.SaveSolanaKeygenFile(Path.Combine(keys.FullName, "fee-payer.json"));
            worker.SaveSolanaKeygenFile(Path.Combine(keys.FullName, "worker.json"));
            await using var node = await Step("Starting the node (Orleans silo, HTTP + x402, gRPC; it makes the development proving key, about 10 s)", () => NodeProcess.StartAsync(
                Path.Combine(root, "src", "ZkSummarize.Node", "bin", "Release", "net10.0", "ZkSummarize.Node.dll"),
                [("RpcUrl", chain.RpcUrl.ToString()), ("Network", $"solana:{chain.GenesisHash[..32]}"), ("FeePayerKeypair", Path.Combine(keys.FullName, "fee-payer.json")),
                 ("PayTo", treasuryOwner.PublicKey.ToString()), ("Mint", mint.PublicKey.ToString()), ("Price", Price.ToString(CultureInfo.InvariantCulture)),
                 ("ProgramId", program.ProgramId.ToString()), ("WorkerKeypair", Path.Combine(keys.FullName, "worker.json")), ("CircuitFolder", circuitFolder),
                 ("StateFolder", Path.Combine(keys.FullName, "node-state"))],
                ct));
            AnsiConsole.MarkupLineInterpolated($"    node at {node.Url}");
            var wallets = new[] { ("client", clientUsdc), ("worker", workerUsdc), ("treasury", treasuryUsdc) };
            await ShowBalances(rpc, "Before", wallets, ct);

            var document = Document.Parse(text);
            AnsiConsole.MarkupLineInterpolated($"Document: [bold]{title}[/] — {document.Sentences.Count} sentences");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
            var result = await Step($"Client buys a 3-sentence summary for {Usdc(Price)} USDC with x402 (escrow scheme): quote, OpenEscrow, then the node summarises, proves and attests",
                () => SummaryPurchase.BuyAsync(http, node.Url, text, 3, "escrow", rpc, client, ct));
            if (result.Answer is not { } answer) throw new InvalidOperationException($"The node refused the payment ({(int)result.Status}): {result.Error}");
            foreach (var (index, sentence) in answer["indices"]!.AsArray().Zip(answer["sentences"]!.AsArray()))
            {
                AnsiConsole.MarkupLineInterpolated($"    [[{index}]] {sentence!.GetValue<string>()}");
            }
            await ShowBalances(rpc, "After", wallets, ct);

            var receipt = Receipt.FromJson(answer["receipt"]!.ToJsonString());
            await File.WriteAllTextAsync(receiptFile.FullName, receipt.ToJson(), ct);
            AnsiConsole.MarkupLineInterpolated($"Receipt written to {receiptFile.FullName}. Checking it as a verifier would:");
            if (await VerifyCommand.RunAsync(receiptFile, chain.RpcUrl, ct) != ExitCodes.Success) throw new InvalidOperationException("The receipt did not verify.");
            AnsiConsole.MarkupLine("[green]Done.[/]");
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static (string Title, string Text) LoadDocument(FileInfo? file, string root)
    {
        if (file is not null) return (file.Name, File.ReadAllText(file.FullName));
        var bbc = Path.Combine(root, "..", "shared", "data", "bbc-news-summary", "article", "business", "001.txt");
        var path = File.Exists(bbc) ? bbc : Path.Combine(AppContext.BaseDirectory, "Samples", "city-transport.txt");
        var lines = File.ReadAllText(path).Split('\n', 2);
        return (lines[0].Trim(), lines[1]);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Usdc(ulong units) => (units / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);

    private static async Task<T> Step<T>(string title, Func<Task<T>> action)
    {
        var result = await AnsiConsole.Status().StartAsync(title + "…", _ => action());
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {title}");
        return result;
    }

    private static Task Step(string title, Func<Task> action) => Step(title, async () =>
    {
        await action();
        return true;
    });

    private static async Task ShowBalances(SolanaRpcClient rpc, string title, (string Name, PublicKey Usdc)[] wallets, CancellationToken ct)
    {
        var table = new Table().Title(title).AddColumns("who", "USDC account", "USDC");
        foreach (var (name, usdc) in wallets)
        {
            var balance = await rpc.GetTokenAccountBalanceAsync(usdc, cancellationToken: ct);
            table.AddRow(name, usdc.ToString(), balance.UiAmountString);
        }
        AnsiConsole.Write(table);
    }
}
