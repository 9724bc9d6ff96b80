using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ZkSummarize.DevChain.Tests;

/// <summary>
/// Ports for services another process binds later come from below the kernel's ephemeral range, where no outgoing
/// connection takes its source port (a node once failed to start because one had taken the port it was given).
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void A_free_port_is_below_the_ephemeral_range_and_can_be_bound()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        Assert.SkipUnless(File.Exists(rangeFile), "the kernel's ephemeral range is read from /proc on Linux");
        var ephemeralStart = int.Parse(File.ReadAllText(rangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        Assert.SkipUnless(ephemeralStart > 20_001, "no room below this machine's ephemeral range");

        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToArray();
        Assert.All(ports, p => Assert.InRange(p, 20_000, ephemeralStart - 1));
        Assert.True(ports.Distinct().Count() > 40, "the ports are chosen at random, so that two processes rarely pick the same one");
        foreach (var port in ports.Distinct().Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void A_port_in_use_is_never_given()
    {
        // Every port handed out is held open while more are asked for: none is given twice while held.
        var held = new List<TcpListener>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var port = LoopbackPorts.Free();
                Assert.DoesNotContain(held, l => ((IPEndPoint)l.LocalEndpoint).Port == port);
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                held.Add(listener);
            }
        }
        finally
        {
            held.ForEach(l => l.Stop());
        }
    }
}
