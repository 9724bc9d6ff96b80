using System.CommandLine;
using Npgsql;
using Spectre.Console;

namespace ZkSummarize.Cli;

/// <summary>`zks cluster setup-db`: applies the cluster's schema (cluster/sql/orleans-postgresql.sql) to a PostgreSQL database.</summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "For operators of a cluster of nodes on PostgreSQL.") { SetupDb() };

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
