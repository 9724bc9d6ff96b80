using System.Net;
using System.Net.Sockets;

namespace ZkSummarize.Testing;

/// <summary>Whether something still listens on a loopback port (to check that a stopped process freed it).</summary>
public static class PortProbe
{
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
