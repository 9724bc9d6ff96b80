using Spectre.Console;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>Runs a command's body and prints the errors an operator can act on (bad input, the chain refusing, a build failing) with what went wrong.</summary>
internal static class CommandErrors
{
    public static async Task<int> RunAsync(string failure, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or HttpRequestException or SolanaRpcException or TransactionFailedException
                                      or InvalidOperationException or TimeoutException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{failure}:[/] {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
