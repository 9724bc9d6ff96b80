using System.CommandLine;
using Spectre.Console;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>`zks refund REQUEST_ID --program ID --mint MINT --keypair PATH --rpc URL`: takes an unproven escrow back after its deadline.</summary>
internal static class RefundCommand
{
    public static Command Create()
    {
        var request = new Argument<string>("request-id") { Description = "The request id (64 hex characters), from the 402 quote or the error message." };
        var program = new Option<string>("--program") { Description = "The escrow program id.", Required = true };
        var mint = new Option<string>("--mint") { Description = "The USDC mint.", Required = true };
        var keypair = new Option<FileInfo>("--keypair") { Description = "The client's solana-keygen JSON file (the one that paid).", Required = true };
        var rpc = new Option<string>("--rpc") { Description = "A JSON-RPC endpoint of the chain.", Required = true };
        var command = new Command("refund", "Take back the USDC of an escrow that no proof released before its deadline.") { request, program, mint, keypair, rpc };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(Convert.FromHexString(parse.GetValue(request)!), PublicKey.Parse(parse.GetValue(program)!), PublicKey.Parse(parse.GetValue(mint)!),
                    parse.GetValue(keypair)!, CliUri.Parse(parse.GetValue(rpc), "--rpc"), ct);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or SolanaRpcException or TransactionFailedException)
            {
                var reason = e is SolanaRpcException { TransactionError: var error } ? EscrowProgram.ErrorFromTransactionError(error) : null;
                AnsiConsole.MarkupLineInterpolated($"[red]No refund:[/] {(reason is { } r ? Explain(r) : e.Message)}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(byte[] requestId, PublicKey programId, PublicKey mint, FileInfo keypairFile, Uri rpcUrl, CancellationToken ct)
    {
        if (requestId.Length != 32) throw new ArgumentException("A request id is 32 bytes (64 hex characters).");
        using var client = Keypair.LoadSolanaKeygenFile(keypairFile.FullName);
        var rpc = SolanaRpcClient.Create(rpcUrl);
        var program = new EscrowProgram(programId);
        var escrow = await rpc.GetAccountInfoAsync(program.FindEscrow(requestId).Address, cancellationToken: ct);
        if (escrow is null)
        {
            AnsiConsole.MarkupLine("[yellow]There is no open escrow for this request:[/] it was paid out against a valid proof, or refunded already. Check the attestation with `zks verify`.");
            return ExitCodes.Failure;
        }
        var amount = EscrowProgram.DecodeEscrow(escrow.Data).Amount;
        var destination = AssociatedTokenProgram.GetAssociatedTokenAddress(client.PublicKey, mint);
        var signature = await rpc.SendAsync([program.Refund(client.PublicKey, destination, mint, requestId)], [client], ct);
        AnsiConsole.MarkupLineInterpolated($"[green]Refunded[/] {Usdc.Format(amount)} USDC to {destination} ({signature}).");
        return ExitCodes.Success;
    }

    private static string Explain(EscrowError error) => error switch
    {
        EscrowError.DeadlineNotReached => "the deadline has not passed yet; the worker may still prove the summary. Try again after the deadline.",
        EscrowError.WrongClient => "only the client who opened the escrow can refund it; use that keypair.",
        EscrowError.EscrowNotOpen => "the escrow is not open: it was paid out or refunded already.",
        _ => $"the program refused it ({error}).",
    };
}
