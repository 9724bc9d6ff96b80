using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Testing;

namespace ZkSummarize.DevChain.Tests;

/// <summary>The dev chain answers in Solana's own JSON shapes and error codes (raw HTTP, no client library).</summary>
public sealed class JsonRpcShapeTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private async Task<JsonElement> PostAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await chain.Http.PostAsync(chain.RpcUrl, content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private Task<JsonElement> CallAsync(string method, string paramsJson = "[]", string id = "1") =>
        PostAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""");

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("\"3f2c6f1e-8a3b-4c4e-9d7e-0e1f2a3b4c5d\"")]
    [InlineData("42")]
    public async Task Request_ids_are_echoed_unchanged(string id)
    {
        var response = await CallAsync("getSlot", "[]", id);
        Assert.Equal(JsonDocument.Parse(id).RootElement.GetRawText(), response.GetProperty("id").GetRawText());
    }

    [Fact]
    public async Task Unknown_method_is_32601()
    {
        var error = (await CallAsync("getEverything")).GetProperty("error");
        Assert.Equal(-32601, error.GetProperty("code").GetInt32());
        Assert.Equal("Method not found", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("getBalance", "[\"not-base58-0OIl\"]", "not valid base58")]
    [InlineData("getBalance", "[\"3yZe7d\"]", "32 bytes")]
    [InlineData("requestAirdrop", "[\"11111111111111111111111111111111\", -5]", "non-negative integer")]
    [InlineData("sendTransaction", "[\"AAAA\", {\"encoding\":\"base64\"}]", "failed to deserialize")]
    public async Task Bad_params_are_32602_with_a_reason(string method, string parameters, string reason)
    {
        var error = (await CallAsync(method, parameters)).GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_parse_error()
    {
        var response = await PostAsync("{not json");
        Assert.Equal(-32700, response.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Batches_answer_each_request()
    {
        var response = await PostAsync("""[{"jsonrpc":"2.0","id":1,"method":"getSlot"},{"jsonrpc":"2.0","id":2,"method":"nope"}]""");
        Assert.Equal(2, response.GetArrayLength());
        Assert.True(response[0].TryGetProperty("result", out _));
        Assert.Equal(-32601, response[1].GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Context_and_value_shapes_and_u64_numbers()
    {
        var result = (await CallAsync("getLatestBlockhash", """[{"commitment":"confirmed"}]""")).GetProperty("result");
        Assert.True(result.GetProperty("context").GetProperty("slot").GetUInt64() > 0);
        Assert.Matches("^[1-9A-HJ-NP-Za-km-z]{32,44}$", result.GetProperty("value").GetProperty("blockhash").GetString()!);
        Assert.True(result.GetProperty("value").GetProperty("lastValidBlockHeight").GetUInt64() > 0);

        // A freshly airdropped system account carries rentEpoch u64::MAX as a plain JSON number.
        var key = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
        await CallAsync("requestAirdrop", $"[\"{key}\", 1000000000]");
        var account = (await CallAsync("getAccountInfo", $"[\"{key}\", {{\"encoding\":\"base64\"}}]")).GetProperty("result").GetProperty("value");
        Assert.Equal(JsonValueKind.Number, account.GetProperty("rentEpoch").ValueKind);
        Assert.Equal("18446744073709551615", account.GetProperty("rentEpoch").GetRawText());
        Assert.Equal(1_000_000_000UL, account.GetProperty("lamports").GetUInt64());
    }

    [Fact]
    public async Task Slots_advance_on_their_own_and_the_blockhash_moves_on()
    {
        var slot1 = (await CallAsync("getSlot")).GetProperty("result").GetUInt64();
        var hash1 = (await CallAsync("getLatestBlockhash")).GetProperty("result").GetProperty("value").GetProperty("blockhash").GetString();
        // Nothing is sent: the slot must move by itself. Polled, with a deadline far above the slot time, rather than one fixed sleep.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ulong slot2;
        while ((slot2 = (await CallAsync("getSlot")).GetProperty("result").GetUInt64()) <= slot1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"slot stayed at {slot1} for 10 s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        var hash2 = (await CallAsync("getLatestBlockhash")).GetProperty("result").GetProperty("value").GetProperty("blockhash").GetString();
        Assert.NotEqual(hash1, hash2);
        var valid = (await CallAsync("isBlockhashValid", $"[\"{hash1}\"]")).GetProperty("result").GetProperty("value").GetBoolean();
        Assert.True(valid); // recent hashes stay valid for 150 slots
    }

    [Fact]
    public async Task Dev_methods_move_slot_and_clock()
    {
        var slot = (await CallAsync("getSlot")).GetProperty("result").GetUInt64();
        await chain.Admin.WarpToSlotAsync(slot + 1000, TestContext.Current.CancellationToken);
        Assert.True((await CallAsync("getSlot")).GetProperty("result").GetUInt64() >= slot + 1000);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var moved = await chain.Admin.SetUnixTimestampAsync(now + 86_400, TestContext.Current.CancellationToken);
        Assert.InRange(moved, now + 86_400, now + 86_460);
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.Admin.SetUnixTimestampAsync(now, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Accounts_can_be_written_directly()
    {
        var address = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
        await chain.Admin.SetAccountAsync(address, 5_000_000, new byte[] { 1, 2, 3 }, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", cancellationToken: TestContext.Current.CancellationToken);
        var value = (await CallAsync("getAccountInfo", $"[\"{address}\", {{\"encoding\":\"base64\"}}]")).GetProperty("result").GetProperty("value");
        Assert.Equal("AQID", value.GetProperty("data")[0].GetString());
        Assert.Equal("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", value.GetProperty("owner").GetString());
    }
}
