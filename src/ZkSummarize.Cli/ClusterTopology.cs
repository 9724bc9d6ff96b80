using System.Text.Json;

namespace ZkSummarize.Cli;

/// <summary>One node of the cluster topology: its name and ports.</summary>
internal sealed record TopologyNode(string Name, int HttpPort, int SiloPort, int GrpcPort = 0);

/// <summary>The cluster's topology (cluster/cluster.json): the one description that `zks cluster up` starts and docker-compose.yml mirrors.</summary>
internal sealed record ClusterTopology(string ClusterId, string Database, int DevchainPort, TopologyNode Gateway, IReadOnlyList<TopologyNode> Workers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ClusterTopology Load(string path) =>
        JsonSerializer.Deserialize<ClusterTopology>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");
}
