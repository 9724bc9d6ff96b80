using System.Net;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>
/// Protocol situations a healthy chain does not produce on demand: an overloaded node (HTTP 503) and
/// hand-written error bodies. A tiny HTTP server on loopback plays the node.
/// </summary>
public sealed class RpcProtocolTests
{
    [Fact]
    public async Task Transient_http_failures_are_retried()
    {
        await using var server = LoopbackHttpServer.Start((n, _) => n <= 2
            ? new HttpAnswer(HttpStatusCode.ServiceUnavailable, "overloaded", ContentType: "text/plain")
            : new HttpAnswer(HttpStatusCode.OK, """{"jsonrpc":"2.0","result":123,"id":1}"""));
        var rpc = SolanaRpcClient.Create(server.Url);
        Assert.Equal(123UL, await rpc.GetSlotAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Preflight_failures_carry_code_logs_and_error()
    {
        const string body = """
            {"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Transaction simulation failed: Error processing Instruction 0: custom program error: 0x7",
             "data":{"err":{"InstructionError":[0,{"Custom":7}]},"logs":["Program X invoke [1]","Program log: Error: stale deadline"],"accounts":null,"unitsConsumed":1234}}}
            """;
        await using var server = LoopbackHttpServer.Start((_, _) => new HttpAnswer(HttpStatusCode.OK, body));
        var e = await Assert.ThrowsAsync<SolanaRpcException>(() => SolanaRpcClient.Create(server.Url).GetSlotAsync(cancellationToken: TestContext.Current.CancellationToken));
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
        await using var server = LoopbackHttpServer.Start((_, _) => new HttpAnswer(HttpStatusCode.OK, body));
        var account = await SolanaRpcClient.Create(server.Url).GetAccountInfoAsync(PublicKey.Default, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ulong.MaxValue, account!.RentEpoch);
        Assert.Equal(ulong.MaxValue, account.Lamports);
        Assert.Equal([1, 2, 3], account.Data);
    }

    /// <summary>Found by fuzzing: a reply of the wrong shape threw KeyNotFoundException, InvalidOperationException, FormatException or JsonException from the typed calls.</summary>
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"context":{"slot":1}}}""", "account", "its result is not what getAccountInfo returns")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"many"}""", "slot", "its result is not what getSlot returns")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"context":{"slot":1},"value":{"amount":"-5","decimals":6,"uiAmountString":"0"}}}""", "balance", "getTokenAccountBalance returns")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"slot":1,"meta":{"fee":1,"preBalances":[],"postBalances":[]},"transaction":["%%","base64"]}}""", "transaction", "getTransaction returns")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"context":{"slot":1},"value":{"lamports":1,"owner":"11111111111111111111111111111111","data":["AAE=","base64"],"executable":false,"rentEpoch":0}}}""", "clock", "the Clock sysvar has 2 bytes")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"\ud800"}}""", "slot", "not valid UTF-8 or UTF-16 text")]
    [InlineData("not json at all", "slot", "it is not JSON")]
    [InlineData("[1, 2]", "slot", "it is not a JSON object")]
    public async Task A_reply_of_the_wrong_shape_is_a_malformed_reply_error(string body, string call, string why)
    {
        await using var server = LoopbackHttpServer.Start((_, _) => new HttpAnswer(HttpStatusCode.OK, body));
        var rpc = SolanaRpcClient.Create(server.Url);
        var ct = TestContext.Current.CancellationToken;
        Func<Task> calling = call switch
        {
            "account" => () => rpc.GetAccountInfoAsync(PublicKey.Default, cancellationToken: ct),
            "balance" => () => rpc.GetTokenAccountBalanceAsync(PublicKey.Default, cancellationToken: ct),
            "transaction" => () => rpc.GetTransactionAsync("sig", cancellationToken: ct),
            "clock" => () => rpc.GetClockAsync(ct),
            _ => () => rpc.GetSlotAsync(cancellationToken: ct),
        };
        var e = await Assert.ThrowsAsync<SolanaRpcException>(calling);
        Assert.Equal(-32603, e.Code);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_that_is_not_an_object_is_still_an_rpc_error()
    {
        await using var server = LoopbackHttpServer.Start((_, _) => new HttpAnswer(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"error":["odd",{"code":"x"}]}"""));
        var e = await Assert.ThrowsAsync<SolanaRpcException>(() => SolanaRpcClient.Create(server.Url).GetSlotAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(-32603, e.Code);
        Assert.Contains("odd", e.Message, StringComparison.Ordinal);
    }
}
