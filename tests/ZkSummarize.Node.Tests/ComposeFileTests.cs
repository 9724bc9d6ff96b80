using System.Text.Json;
using YamlDotNet.RepresentationModel;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is kept correct by reading it: its services, ports
/// and environment must be the topology of cluster/cluster.json, which `zks cluster up` runs on loopback.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly JsonElement Topology = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("cluster", "cluster.json"))).RootElement;
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(RepoPaths.Combine("docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static YamlMappingNode Service(string name)
    {
        Assert.True(Services.Children.ContainsKey(name), $"docker-compose.yml has no service {name}");
        return (YamlMappingNode)Services[name];
    }

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service)["environment"]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!);

    private static IEnumerable<string> Ports(string service) =>
        Service(service).Children.TryGetValue("ports", out var ports) ? ((YamlSequenceNode)ports).Children.Select(p => ((YamlScalarNode)p).Value!) : [];

    private static int Port(JsonElement node, string name) => node.GetProperty(name).GetInt32();

    private static IEnumerable<JsonElement> Workers => Topology.GetProperty("workers").EnumerateArray();

    [Fact]
    public void It_has_the_services_of_the_topology()
    {
        string[] expected = ["postgres", "devchain", "bootstrap", Topology.GetProperty("gateway").GetProperty("name").GetString()!, .. Workers.Select(w => w.GetProperty("name").GetString()!)];
        Assert.Equal(expected.Order(), Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
    }

    [Fact]
    public void Every_node_joins_the_same_cluster_on_the_postgres_service_and_the_dev_chain()
    {
        var database = Topology.GetProperty("database").GetString()!;
        Assert.Equal(database, Environment("postgres")["POSTGRES_DB"]);
        var chainPort = Topology.GetProperty("devchainPort").GetInt32();
        Assert.Contains($"{chainPort}:{chainPort}", Ports("devchain"));
        foreach (var node in new[] { Topology.GetProperty("gateway") }.Concat(Workers))
        {
            var env = Environment(node.GetProperty("name").GetString()!);
            Assert.Equal("PostgreSql", env["Node__Storage"]);
            Assert.Equal(Topology.GetProperty("clusterId").GetString(), env["Node__ClusterId"]);
            Assert.Contains("Host=postgres;", env["Node__PostgresConnectionString"], StringComparison.Ordinal);
            Assert.Contains($"Database={database}", env["Node__PostgresConnectionString"], StringComparison.Ordinal);
            Assert.Equal($"http://devchain:{Topology.GetProperty("devchainPort").GetInt32()}", env["Node__RpcUrl"]);
            Assert.Equal(node.GetProperty("name").GetString(), env["Node__AdvertisedAddress"]);
            Assert.Equal(Port(node, "siloPort").ToString(System.Globalization.CultureInfo.InvariantCulture), env["Node__SiloPort"]);
            Assert.EndsWith($":{Port(node, "httpPort")}", env["Node__HttpUrl"], StringComparison.Ordinal);
            Assert.Contains($"{Port(node, "httpPort")}:{Port(node, "httpPort")}", Ports(node.GetProperty("name").GetString()!));
            Assert.Equal("/cluster/keys/node-settings.json", env["ZKS_NODE_SETTINGS"]);
        }
    }

    [Fact]
    public void The_gateway_serves_http_and_grpc_and_each_worker_proves_with_its_own_key()
    {
        var gateway = Topology.GetProperty("gateway");
        var env = Environment(gateway.GetProperty("name").GetString()!);
        Assert.Equal("gateway", env["Node__Roles"]);
        Assert.EndsWith($":{Port(gateway, "grpcPort")}", env["Node__GrpcUrl"], StringComparison.Ordinal);
        Assert.Contains($"{Port(gateway, "grpcPort")}:{Port(gateway, "grpcPort")}", Ports(gateway.GetProperty("name").GetString()!));

        var keys = new HashSet<string>();
        foreach (var (worker, index) in Workers.Select((w, i) => (w, i)))
        {
            var workerEnv = Environment(worker.GetProperty("name").GetString()!);
            Assert.Equal("worker", workerEnv["Node__Roles"]);
            Assert.Equal($"/cluster/keys/worker-{index + 1}.json", workerEnv["Node__WorkerKeypair"]); // the key `zks cluster bootstrap` writes for it
            Assert.True(keys.Add(workerEnv["Node__WorkerKeypair"]));
        }
        var bootstrap = string.Join(' ', ((YamlSequenceNode)Service("bootstrap")["command"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains($"--workers {Workers.Count()}", bootstrap, StringComparison.Ordinal);
        Assert.Contains("cluster setup-db", bootstrap, StringComparison.Ordinal);
    }
}
