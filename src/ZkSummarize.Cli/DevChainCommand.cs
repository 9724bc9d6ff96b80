using System.CommandLine;
using Spectre.Console;
using ZkSummarize.DevChain;

namespace ZkSummarize.Cli;

/// <summary>`zks devchain`: runs the local Solana chain in the foreground until Ctrl+C.</summary>
internal static class DevChainCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "JSON-RPC port (the websocket uses the next one); 0 picks free ports.", DefaultValueFactory = _ => 8899 };
        var devnet = new Option<bool>("--as-devnet") { Description = "Answer getGenesisHash with devnet's hash, so x402 clients accept the chain." };
        var noDevMethods = new Option<bool>("--no-dev-methods") { Description = "Switch off every dev_* method, so the chain answers only what devnet or mainnet answer (to rehearse a real deploy)." };
        var programs = new Option<string[]>("--program") { Description = "Load a program: <program id>=<path.so>. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("devchain", "Run the local Solana chain (LiteSVM behind Solana JSON-RPC) until Ctrl+C.") { port, devnet, noDevMethods, programs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DevChainOptions
            {
                Port = parse.GetValue(port),
                GenesisHash = parse.GetValue(devnet) ? DevChainOptions.DevnetGenesisHash : null,
                DevMethods = !parse.GetValue(noDevMethods),
            };
            foreach (var spec in parse.GetValue(programs) ?? [])
            {
                var eq = spec.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]--program takes <program id>=<path.so>, got '{spec}'.[/]");
                    return ExitCodes.Usage;
                }

                options.Programs.Add((spec[..eq], spec[(eq + 1)..]));
            }

            await using var chain = await DevChainProcess.StartAsync(options, cancellationToken: cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[green]Dev chain running[/] JSON-RPC [bold]{chain.RpcUrl}[/]  websocket [bold]{chain.WebSocketUrl}[/]  genesis {chain.GenesisHash}");
            AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("Stopping the dev chain.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
