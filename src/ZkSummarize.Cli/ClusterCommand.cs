using System.CommandLine;
using Npgsql;
using Spectre.Console;
using ZkSummarize.DevChain;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>`zks cluster setup-db`: applies the cluster's schema (cluster/sql/orleans-postgresql.sql) to a PostgreSQL database.</summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "For operators of a cluster of nodes on PostgreSQL.") { SetupDb(), Bootstrap(), Up() };

    private static Command Bootstrap()
    {
        var rpc = new Option<string>("--rpc") { Description = "The dev chain's JSON-RPC endpoint.", Required = true };
        var keys = new Option<string>("--keys") { Description = "Where to write the keys and node-settings.json.", Required = true };
        var workers = new Option<int>("--workers") { Description = "How many worker keys to make.", DefaultValueFactory = _ => 2 };
        var devnetUsdc = new Option<bool>("--devnet-usdc") { Description = "Put the mint at devnet USDC's address (the chain must pose as devnet), so stock x402 clients pay the nodes." };
        var command = new Command("bootstrap", "Make a dev chain ready for a cluster: program, mint, funded keys, and the nodes' shared settings (for docker-compose).") { rpc, keys, workers, devnetUsdc };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var setup = await ChainBootstrap.RunAsync(CliUri.Parse(parse.GetValue(rpc), "--rpc"), RepositoryLocator.FindRoot(), parse.GetValue(keys)!, parse.GetValue(workers),
                    100_000_000, ct, parse.GetValue(devnetUsdc));
                AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Keys and {setup.SettingsFile} written; program {setup.Program.ProgramId}, mint {setup.Mint}.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InvalidOperationException or SolanaRpcException or HttpRequestException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The chain was not bootstrapped:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static Command Up()
    {
        var config = new Option<FileInfo>("--config") { Description = "The topology.", DefaultValueFactory = _ => new FileInfo(Path.Combine("cluster", "cluster.json")) };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL database to use (default: a private server for this run)." };
        var command = new Command("up", "Start a cluster on loopback: PostgreSQL, the dev chain, a gateway and the workers of the topology; Ctrl+C stops it.") { config, postgres };
        command.SetAction(async (parse, ct) =>
        {
            await LocalCluster.RunAsync(ClusterTopology.Load(parse.GetValue(config)!.FullName), parse.GetValue(postgres), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetupDb()
    {
        var connection = new Option<string>("--connection-string") { Description = "The database, such as \"Host=127.0.0.1;Username=zks;Password=…;Database=zksummarize\".", Required = true };
        var command = new Command("setup-db", "Create the tables and queries Orleans' ADO.NET clustering and grain storage use (safe to run again).") { connection };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await ApplySchemaAsync(parse.GetValue(connection)!, ct);
                AnsiConsole.MarkupLine("[green]✓[/] The cluster schema is in place.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is NpgsqlException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The schema was not applied:[/] {e.Message} Check the connection string and that the database exists.");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>The schema in one transaction: all of it or none.</summary>
    public static async Task ApplySchemaAsync(string connectionString, CancellationToken ct)
    {
        await using var stream = typeof(ClusterCommand).Assembly.GetManifestResourceStream("orleans-postgresql.sql")
            ?? throw new InvalidOperationException("The schema is not embedded in zks; rebuild it.");
        var sql = await new StreamReader(stream).ReadToEndAsync(ct);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
