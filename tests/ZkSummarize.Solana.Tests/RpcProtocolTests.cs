using System.Net;
using System.Text;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Solana.Tests;

/// <summary>
/// Protocol situations a healthy chain does not produce on demand: an overloaded node (HTTP 503) and
/// hand-written error bodies. A tiny HTTP server on loopback plays the node.
/// </summary>
public sealed class RpcProtocolTests
{
    private static async Task<(Uri Url, Func<int> Requests, IAsyncDisposable Server)> ServeAsync(Func<int, (HttpStatusCode, string)> answer)
    {
        var listener = new HttpListener();
        var port = Random.Shared.Next(20_000, 60_000);
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var count = 0;
        var loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var (status, body) = answer(Interlocked.Increment(ref count));
                context.Response.StatusCode = (int)status;
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
        return (new Uri($"http://127.0.0.1:{port}/"), () => count, new Stopper(listener, loop));
    }

    private sealed class Stopper(HttpListener listener, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            await loop;
            listener.Close();
        }
    }

    [Fact]
    public async Task Transient_http_failures_are_retried()
    {
        var (url, requests, server) = await ServeAsync(n => n <= 2
            ? (HttpStatusCode.ServiceUnavailable, "overloaded")
            : (HttpStatusCode.OK, """{"jsonrpc":"2.0","result":123,"id":1}"""));
        await using var _ = server;
        var rpc = SolanaRpcClient.Create(url);
        Assert.Equal(123UL, await rpc.GetSlotAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(3, requests());
    }

    [Fact]
    public async Task Preflight_failures_carry_code_logs_and_error()
    {
        const string body = """
            {"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Transaction simulation failed: Error processing Instruction 0: custom program error: 0x7",
             "data":{"err":{"InstructionError":[0,{"Custom":7}]},"logs":["Program X invoke [1]","Program log: Error: stale deadline"],"accounts":null,"unitsConsumed":1234}}}
            """;
        var (url, _, server) = await ServeAsync(_ => (HttpStatusCode.OK, body));
        await using var __ = server;
        var e = await Assert.ThrowsAsync<SolanaRpcException>(() => SolanaRpcClient.Create(url).GetSlotAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(-32002, e.Code);
        Assert.Equal(["Program X invoke [1]", "Program log: Error: stale deadline"], e.Logs);
        Assert.Equal("""{"InstructionError":[0,{"Custom":7}]}""", e.TransactionError);
        Assert.Contains("stale deadline", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task U64_values_beyond_2_pow_53_are_exact()
    {
        const string body = """
            {"jsonrpc":"2.0","id":1,"result":{"context":{"slot":1},"value":{"data":["AQID","base64"],"executable":false,"lamports":18446744073709551615,"owner":"11111111111111111111111111111111","rentEpoch":18446744073709551615,"space":3}}}
            """;
        var (url, _, server) = await ServeAsync(_ => (HttpStatusCode.OK, body));
        await using var __ = server;
        var account = await SolanaRpcClient.Create(url).GetAccountInfoAsync(PublicKey.Default, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ulong.MaxValue, account!.RentEpoch);
        Assert.Equal(ulong.MaxValue, account.Lamports);
        Assert.Equal([1, 2, 3], account.Data);
    }
}
