using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// A cluster on loopback: a private PostgreSQL with the cluster schema (applied by `zks cluster setup-db`),
/// the dev chain with the escrow program, one gateway node and two worker nodes, each worker with its
/// own key (so each earns its own fees). <see cref="NodeFixture.Node"/> is the gateway.
/// </summary>
public sealed class ClusterFixture : EscrowNodeFixture
{
    private LocalPostgres? _postgres;

    public Keypair SecondWorker { get; } = Keypair.Generate();

    public IReadOnlyList<NodeHost> Workers { get; private set; } = [];

    public IReadOnlyList<Keypair> WorkerKeys => [Worker, SecondWorker];

    /// <summary>The cluster's database (for tests that look at what is stored).</summary>
    public string Database { get; private set; } = "";

    protected override ulong ClientUsdc => 60 * Price;

    public override string NodeOutput => string.Join('\n', new[] { Node }.Concat(Workers).Where(n => n is not null).Select(n => n.Output));

    protected override async Task StartNodesAsync(string[] extraArguments) // the embedded node's arguments: a cluster sets its own
    {
        _postgres = await LocalPostgres.StartAsync();
        var database = Database = await _postgres.CreateDatabaseAsync("zksummarize");
        var setup = await ZksCli.RunAsync(["cluster", "setup-db", "--connection-string", database], CancellationToken.None);
        if (setup.ExitCode != 0) throw new InvalidOperationException($"zks cluster setup-db failed: {setup.Output}");
        await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(SecondWorker.PublicKey, 2_000_000_000));
        await Rpc.SendAsync([Program.RegisterWorker(Operator.PublicKey, SecondWorker.PublicKey)], [Operator]);

        string[] cluster = ["--Node:Storage", "PostgreSql", "--Node:PostgresConnectionString", database, "--Node:ClusterId", "test-cluster",
            "--Node:ProgramId", Program.ProgramId.ToString(), "--Node:Operator", Operator.PublicKey.ToString(), "--Node:QuoteSeconds", "20"];
        Node = new NodeHost("gateway", [.. CommonArguments, .. cluster, "--Node:Roles", "gateway"]);
        await Node.StartAsync();
        Workers = WorkerKeys.Select((key, i) =>
        {
            var file = Path.Combine(Folder, $"worker-{i + 1}.json");
            key.SaveSolanaKeygenFile(file);
            return new NodeHost($"worker-{i + 1}", [.. CommonArguments, .. cluster, "--Node:Roles", "worker", "--Node:WorkerKeypair", file,
                "--Node:CircuitFolder", RepoPaths.Combine("circuits", "build"), "--Node:ZkeyPath", CeremonyKey.Zkey]);
        }).ToArray();
        await Task.WhenAll(Workers.Select(w => w.StartAsync()));
    }

    protected override async Task DisposeNodesAsync()
    {
        foreach (var worker in Workers) await worker.DisposeAsync();
        await base.DisposeNodesAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
