using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ZkSummarize.DevChain;

/// <summary>
/// Free loopback ports for local services that another process binds a moment later. A port the OS hands out for
/// port 0 comes from its ephemeral range, from which every outgoing connection also takes its source port, so
/// on a busy machine (a test suite's HTTP, RPC and PostgreSQL clients) one of them could take it before the
/// service binds it: a node failed to start with "Address already in use" that way. These ports come from
/// below that range, checked free when chosen.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private static readonly int Highest = EphemeralRangeStart() - 1;

    public static int Free()
    {
        for (var attempt = 0; attempt < 64 && Highest > Lowest; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            if (CanBind(port)) return port;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0); // no room below the range: let the OS choose
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux says where its ephemeral range starts; elsewhere assume IANA's (49152), which Windows and macOS use.
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49_152;
        }
    }
}
