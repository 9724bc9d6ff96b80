using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZkSummarize.Testing;

/// <summary>What a <see cref="LoopbackHttpServer"/> answers: a status, a body, response headers, and an optional delay first.</summary>
public sealed record HttpAnswer(HttpStatusCode Status, string Body, TimeSpan Delay = default, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) whose answers a test scripts: request number
/// (from 1) and body in, <see cref="HttpAnswer"/> out. It records every request body.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly List<string> _requests = [];

    private LoopbackHttpServer(HttpListener listener, Uri url, Func<int, string, HttpAnswer> answer)
    {
        _listener = listener;
        Url = url;
        _loop = Task.Run(() => ServeAsync(answer));
    }

    public Uri Url { get; }

    /// <summary>The request bodies received so far, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return _requests.ToArray();
        }
    }

    public static LoopbackHttpServer Start(Func<int, string, HttpAnswer> answer)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = ZkSummarize.DevChain.LoopbackPorts.Free();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, new Uri($"http://127.0.0.1:{port}/"), answer);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken between probing and binding; try another
            }
        }
    }

    private async Task ServeAsync(Func<int, string, HttpAnswer> answer)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => RespondAsync(context, answer));
        }
    }

    private async Task RespondAsync(HttpListenerContext context, Func<int, string, HttpAnswer> answer)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int number;
            lock (_requests)
            {
                _requests.Add(body);
                number = _requests.Count;
            }
            var reply = answer(number, body);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay);
            context.Response.StatusCode = (int)reply.Status;
            context.Response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // the client gave up (a timeout test) or the server is stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }
}
