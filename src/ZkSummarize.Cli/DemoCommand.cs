using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks demo`: the main job on the embedded default. For now (the foundation): start the dev chain, create a
/// USDC-like mint, fund two wallets and move USDC between them, printing each step and the balances.
/// </summary>
internal static class DemoCommand
{
    private const byte UsdcDecimals = 6;

    public static Command Create()
    {
        var rpc = new Option<Uri?>("--rpc") { Description = "Use this RPC node instead of starting a dev chain." };
        var command = new Command("demo", "Start a local chain, create a USDC-like mint, fund two wallets and pay in USDC.") { rpc };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await RunAsync(parse.GetValue(rpc), cancellationToken);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or TransactionFailedException or InvalidOperationException or TimeoutException or HttpRequestException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The demo failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task RunAsync(Uri? rpcUrl, CancellationToken ct)
    {
        DevChainProcess? chain = null;
        try
        {
            if (rpcUrl is null)
            {
                chain = await Step("Starting the dev chain (LiteSVM, agave 4.3 runtime)", () => DevChainProcess.StartAsync(new DevChainOptions(), cancellationToken: ct));
                rpcUrl = chain.RpcUrl;
                AnsiConsole.MarkupLineInterpolated($"    JSON-RPC {chain.RpcUrl}, websocket {chain.WebSocketUrl}");
            }

            var rpc = SolanaRpcClient.Create(rpcUrl);
            var tokens = new TokenClient(rpc);
            using var issuer = Keypair.Generate();
            using var mint = Keypair.Generate();
            using var alice = Keypair.Generate();
            using var bob = Keypair.Generate();

            await Step("Funding the issuer and two wallets with SOL for fees", async () =>
            {
                foreach (var wallet in new[] { issuer, alice, bob })
                {
                    await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(wallet.PublicKey, 1_000_000_000, ct), cancellationToken: ct);
                }
            });
            await Step($"Creating a USDC-like mint ({UsdcDecimals} decimals) at {mint.PublicKey}", () => tokens.CreateMintAsync(issuer, mint, UsdcDecimals, issuer.PublicKey, ct));
            var aliceUsdc = await Step("Opening alice's and bob's USDC accounts", () => tokens.CreateAssociatedTokenAccountAsync(issuer, alice.PublicKey, mint.PublicKey, ct));
            var bobUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, bob.PublicKey, mint.PublicKey, ct);
            await Step("Minting 100 USDC to alice", () => tokens.MintToAsync(issuer, mint.PublicKey, aliceUsdc, issuer, 100_000_000, ct));
            await ShowBalances(rpc, "Before", (alice, aliceUsdc), (bob, bobUsdc), ct);

            var signature = await Step("alice pays bob 12.5 USDC (TransferChecked)", () => tokens.TransferCheckedAsync(alice, aliceUsdc, mint.PublicKey, bobUsdc, 12_500_000, UsdcDecimals, ct));
            var details = await rpc.GetTransactionAsync(signature, cancellationToken: ct);
            AnsiConsole.MarkupLineInterpolated($"    signature {signature}");
            AnsiConsole.MarkupLineInterpolated($"    slot {details?.Slot}, fee {details?.Fee} lamports, {details?.ComputeUnitsConsumed} compute units");
            await ShowBalances(rpc, "After", (alice, aliceUsdc), (bob, bobUsdc), ct);
            AnsiConsole.MarkupLine("[green]Done.[/]");
        }
        finally
        {
            if (chain is not null)
            {
                await chain.DisposeAsync();
            }
        }
    }

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

    private static async Task ShowBalances(SolanaRpcClient rpc, string title, (Keypair Wallet, PublicKey Usdc) alice, (Keypair Wallet, PublicKey Usdc) bob, CancellationToken ct)
    {
        var table = new Table().Title(title).AddColumns("wallet", "address", "USDC", "SOL");
        foreach (var (name, (wallet, usdc)) in new[] { ("alice", alice), ("bob", bob) })
        {
            var tokens = await rpc.GetTokenAccountBalanceAsync(usdc, cancellationToken: ct);
            var lamports = await rpc.GetBalanceAsync(wallet.PublicKey, cancellationToken: ct);
            table.AddRow(name, wallet.PublicKey.ToString(), tokens.UiAmountString, (lamports / 1e9).ToString("0.000000", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
