using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using ZkSummarize.DevChain;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>`zks cluster up`: the topology of cluster/cluster.json as processes on loopback, until cancelled.</summary>
internal static class LocalCluster
{
    public static async Task RunAsync(ClusterTopology topology, string? postgresConnection, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        var run = Directory.CreateDirectory(Path.Combine(root, "cluster", ".run", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        LocalPostgres? postgres = null;
        var nodes = new List<NodeProcess>();
        try
        {
            if (postgresConnection is null)
            {
                postgres = await Step("Starting a private PostgreSQL", LocalPostgres.StartAsync);
                postgresConnection = await postgres.CreateDatabaseAsync(topology.Database);
            }
            await Step("Applying the cluster schema (cluster/sql/orleans-postgresql.sql)", () => ClusterCommand.ApplySchemaAsync(postgresConnection, ct));
            await using var chain = await Step($"Starting the dev chain on port {topology.DevchainPort}", () => DevChainProcess.StartAsync(new DevChainOptions { Port = topology.DevchainPort }, cancellationToken: ct));
            using var setup = await ChainBootstrap.RunAsync(chain.RpcUrl, root, Path.Combine(run.FullName, "keys"), topology.Workers.Count, 100_000_000, ct);

            (string, string)[] shared =
            [
                ("RpcUrl", chain.RpcUrl.ToString()), ("Storage", "PostgreSql"), ("PostgresConnectionString", postgresConnection), ("ClusterId", topology.ClusterId),
            ];
            (string, string)[] Ports(TopologyNode node) =>
            [
                ("HttpUrl", $"http://127.0.0.1:{node.HttpPort}"), ("SiloPort", node.SiloPort.ToString(CultureInfo.InvariantCulture)),
                .. node.GrpcPort > 0 ? [("GrpcUrl", $"http://127.0.0.1:{node.GrpcPort}")] : Array.Empty<(string, string)>(),
            ];
            nodes.Add(await Step($"Starting {topology.Gateway.Name} (gateway: HTTP {topology.Gateway.HttpPort}, gRPC {topology.Gateway.GrpcPort})", () =>
                NodeProcess.StartAsync(NodeProcess.BuiltNode(root), setup.SettingsFile, [.. shared, .. Ports(topology.Gateway), ("Roles", "gateway")], ct)));
            var circuit = Path.Combine(root, "circuits", "build");
            var workers = await Step($"Starting {topology.Workers.Count} workers (each makes the development proving key)", () => Task.WhenAll(topology.Workers.Select((w, i) =>
                NodeProcess.StartAsync(NodeProcess.BuiltNode(root), setup.SettingsFile,
                    [.. shared, .. Ports(w), ("Roles", "worker"), ("WorkerKeypair", setup.WorkerFile(i)), ("CircuitFolder", circuit), ("StateFolder", Path.Combine(run.FullName, w.Name))], ct))));
            nodes.AddRange(workers);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var table = new Table().AddColumns("node", "roles", "HTTP", "worker key");
            foreach (var node in nodes)
            {
                var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.Url, "v1/node"), ct)).RootElement; // healthy: it answers
                table.AddRow(node.Url.Port == topology.Gateway.HttpPort ? topology.Gateway.Name : topology.Workers.First(w => w.HttpPort == node.Url.Port).Name,
                    status.GetProperty("roles").GetString()!, node.Url.ToString(), status.TryGetProperty("worker", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString()! : "");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"Cluster {topology.ClusterId} is up. Client key: {setup.ClientFile}; program {setup.Program.ProgramId}; mint {setup.Mint}; chain {chain.RpcUrl}.");
            AnsiConsole.MarkupLineInterpolated($"Buy a summary: zks summarize <file> --node {nodes[0].Url} --keypair {setup.ClientFile} --rpc {chain.RpcUrl}");
            AnsiConsole.MarkupLine("Ctrl+C stops the cluster.");
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None);
        }
        finally
        {
            AnsiConsole.MarkupLine("Stopping the cluster…");
            foreach (var node in nodes) await node.DisposeAsync();
            if (postgres is not null) await postgres.DisposeAsync();
        }
    }
}
