using System.Net;
using System.Net.Sockets;

namespace ZkSummarize.DevChain;

/// <summary>Free loopback ports for local services (the OS picks one; there is a small window before the caller binds it).</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
