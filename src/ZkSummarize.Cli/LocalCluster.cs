using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using ZkSummarize.DevChain;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>
/// A cluster as processes on loopback: a private PostgreSQL (or a given database) with the cluster
/// schema, the dev chain made ready by <see cref="ChainBootstrap"/>, one gateway and the workers of a
/// topology. `zks cluster up` runs it until Ctrl+C; `zks bench --workers N` measures it. Everything
/// stops on dispose.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private LocalPostgres? _postgres;
    private DevChainProcess? _chain;

    private LocalCluster(ClusterTopology topology, DirectoryInfo folder)
    {
        Topology = topology;
        Folder = folder;
    }

    public ClusterTopology Topology { get; }

    public DirectoryInfo Folder { get; }

    public DevChainProcess Chain => _chain!;

    public SolanaRpcClient Rpc { get; private set; } = null!;

    public ChainSetup Setup { get; private set; } = null!;

    public NodeProcess Gateway => _nodes[0];

    public IReadOnlyList<NodeProcess> Workers => _nodes.Skip(1).ToArray();

    /// <summary>A topology of one gateway and <paramref name="workers"/> workers on free ports.</summary>
    public static ClusterTopology OnFreePorts(int workers) =>
        new("zksummarize-bench", "zksummarize", 0, new TopologyNode("gateway", 0, LoopbackPorts.Free(), 0),
            Enumerable.Range(1, workers).Select(i => new TopologyNode($"worker-{i}", 0, LoopbackPorts.Free())).ToArray());

    /// <summary>The cluster's PostgreSQL database.</summary>
    public string PostgresConnection { get; private set; } = "";

    /// <param name="nodeSettings">More settings for every node (names under Node:, such as ("Admission:MaxQueuedJobs", "2")).</param>
    public static async Task<LocalCluster> StartAsync(ClusterTopology topology, string? postgresConnection, CancellationToken ct, IReadOnlyList<(string Name, string Value)>? nodeSettings = null)
    {
        var root = RepositoryLocator.FindRoot();
        var cluster = new LocalCluster(topology, Directory.CreateDirectory(Path.Combine(root, "cluster", ".run", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))));
        try
        {
            await cluster.StartAllAsync(root, postgresConnection, nodeSettings ?? [], ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(string root, string? postgresConnection, IReadOnlyList<(string Name, string Value)> nodeSettings, CancellationToken ct)
    {
        if (postgresConnection is null)
        {
            _postgres = await Step("Starting a private PostgreSQL", LocalPostgres.StartAsync);
            postgresConnection = await _postgres.CreateDatabaseAsync(Topology.Database);
        }
        PostgresConnection = postgresConnection;
        await Step("Applying the cluster schema (cluster/sql/orleans-postgresql.sql)", () => ClusterCommand.ApplySchemaAsync(postgresConnection, ct));
        _chain = await Step("Starting the dev chain", () => DevChainProcess.StartAsync(new DevChainOptions { Port = Topology.DevchainPort, DevMethods = false }, cancellationToken: ct));
        Rpc = SolanaRpcClient.Create(_chain.RpcUrl);
        Setup = await ChainBootstrap.RunAsync(_chain.RpcUrl, root, Path.Combine(Folder.FullName, "keys"), Topology.Workers.Count, 1_000_000_000, ct);

        (string, string)[] shared =
        [
            ("RpcUrl", _chain.RpcUrl.ToString()), ("Storage", "PostgreSql"), ("PostgresConnectionString", postgresConnection), ("ClusterId", Topology.ClusterId),
        ];
        shared = [.. shared, .. nodeSettings];
        static (string, string)[] Ports(TopologyNode node) =>
        [
            ("HttpUrl", $"http://127.0.0.1:{node.HttpPort}"), ("SiloPort", node.SiloPort.ToString(CultureInfo.InvariantCulture)),
            .. node.GrpcPort > 0 ? [("GrpcUrl", $"http://127.0.0.1:{node.GrpcPort}")] : Array.Empty<(string, string)>(),
        ];
        var node = NodeProcess.BuiltNode(root);
        _nodes.Add(await Step($"Starting {Topology.Gateway.Name} (gateway)", () =>
            NodeProcess.StartAsync(node, Setup.SettingsFile, [.. shared, .. Ports(Topology.Gateway), ("Roles", "gateway")], ct)));
        var circuit = Path.Combine(root, "circuits", "build");
        _nodes.AddRange(await Step($"Starting {Topology.Workers.Count} worker(s) (each loads the ceremony's proving keys)", () => Task.WhenAll(Topology.Workers.Select((w, i) =>
            NodeProcess.StartAsync(node, Setup.SettingsFile,
                [.. shared, .. Ports(w), ("Roles", "worker"), ("WorkerKeypair", Setup.WorkerFile(i)), ("CircuitFolder", circuit), .. ChainBootstrap.CeremonyZkeySettings(root),
                 ("StateFolder", Path.Combine(Folder.FullName, w.Name))], ct)))));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var started in _nodes) await http.GetStringAsync(new Uri(started.Url, "v1/node"), ct); // healthy: each answers
    }

    /// <summary>`zks cluster up`: start, show where everything is, and wait for Ctrl+C.</summary>
    public static async Task RunAsync(ClusterTopology topology, string? postgresConnection, CancellationToken ct)
    {
        await using var cluster = await StartAsync(topology, postgresConnection, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var table = new Table().AddColumns("node", "roles", "HTTP", "worker key");
        foreach (var (node, name) in cluster._nodes.Zip(new[] { topology.Gateway.Name }.Concat(topology.Workers.Select(w => w.Name))))
        {
            var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.Url, "v1/node"), ct)).RootElement;
            table.AddRow(name, status.GetProperty("roles").GetString()!, node.Url.ToString(),
                status.TryGetProperty("worker", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString()! : "");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Cluster {topology.ClusterId} is up. Client key: {cluster.Setup.ClientFile}; program {cluster.Setup.Program.ProgramId}; mint {cluster.Setup.Mint}; chain {cluster.Chain.RpcUrl}.");
        AnsiConsole.MarkupLineInterpolated($"Buy a summary: zks summarize <file> --node {cluster.Gateway.Url} --keypair {cluster.Setup.ClientFile} --rpc {cluster.Chain.RpcUrl}");
        AnsiConsole.MarkupLine("Ctrl+C stops the cluster.");
        await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None);
        AnsiConsole.MarkupLine("Stopping the cluster…");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Setup?.Dispose();
    }
}
