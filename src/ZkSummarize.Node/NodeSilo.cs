using System.Net;
using Orleans.Configuration;
using ZkSummarize.Grains;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Workers;

namespace ZkSummarize.Node;

/// <summary>
/// The node's Orleans silo. Embedded: one silo, localhost clustering, jobs in JSON files. Clustered:
/// Orleans' own ADO.NET clustering and grain storage on PostgreSQL (cluster/sql, docs/cluster.md). Roles
/// decide which grains a silo hosts, and Orleans places each grain only on silos that host its class:
/// gateways host the jobs (which hold payments), workers host the summarising and proving.
/// </summary>
public static class NodeSilo
{
    public const string Invariant = "Npgsql";

    /// <summary>An IP address as it is, or a host name's first IPv4 address (in docker-compose, the service's own name).</summary>
    public static IPAddress AdvertisedAddress(string address) =>
        IPAddress.TryParse(address, out var ip) ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"Node:AdvertisedAddress {address} has no IPv4 address; give an IP address or a resolvable host name.");

    public static void Configure(ISiloBuilder silo, NodeOptions o)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(o);
        if (o.Clustered)
        {
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = o.ClusterId;
                c.ServiceId = o.ClusterId;
            });
            silo.ConfigureEndpoints(AdvertisedAddress(o.AdvertisedAddress), o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(a =>
            {
                a.Invariant = Invariant;
                a.ConnectionString = o.PostgresConnectionString;
            });
            silo.AddAdoNetGrainStorage(JobStorage.Name, a =>
            {
                a.Invariant = Invariant;
                a.ConnectionString = o.PostgresConnectionString;
                a.DeleteStateOnClear = true; // a forgotten quote leaves no row behind
            });
        }
        else
        {
            silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort);
            silo.Services.AddFileJobStorage(o.StateFolder);
        }
        // A proof is seconds of CPU (minutes in a Debug build): grain calls wait for it longer than Orleans' 30 s default.
        silo.Configure<SiloMessagingOptions>(m => m.ResponseTimeout = TimeSpan.FromMinutes(5));
        if (o.IsGateway) silo.Services.AddSummaryJobs();
        silo.Services.PostConfigure<GrainTypeOptions>(types =>
        {
            if (!o.IsGateway)
            {
                types.Classes.Remove(typeof(SummaryJobGrain));
                types.Classes.Remove(typeof(JobRegistryGrain));
                types.Classes.Remove(typeof(PaymentIdGrain));
                types.Classes.Remove(typeof(Grains.Admission.AdmissionGrain));
            }
            if (!o.IsWorker) types.Classes.Remove(typeof(SummaryWorkerGrain));
        });
    }
}
