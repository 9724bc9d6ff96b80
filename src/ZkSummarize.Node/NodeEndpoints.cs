using System.Net;

namespace ZkSummarize.Node;

public static class NodeEndpoints
{
    /// <summary>The IP endpoint of an http://host:port URL; "localhost" is the loopback address, "*" or "+" every address.</summary>
    public static IPEndPoint Resolve(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"{url} must be an http:// URL (put TLS in front of the node with a proxy).", nameof(url));
        var address = url.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            _ => IPAddress.TryParse(url.Host, out var ip) ? ip : throw new ArgumentException($"{url}: use an IP address, localhost or *.", nameof(url)),
        };
        return new IPEndPoint(address, url.Port);
    }
}
