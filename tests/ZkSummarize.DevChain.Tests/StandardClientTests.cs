using System.Text.Json;
using ZkSummarize.Testing;

namespace ZkSummarize.DevChain.Tests;

/// <summary>
/// Unmodified standard clients use the dev chain: @solana/kit (HTTP + websocket subscriptions) and
/// @solana/web3.js 1.x (sendAndConfirmTransaction, which needs signatureSubscribe). Their scripts live in
/// src/devchain/test.
/// </summary>
public sealed class StandardClientTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private static string Script(string name) => RepoPaths.Combine("src", "devchain", "test", name);

    [Fact]
    public async Task Solana_kit_sends_and_confirms_a_transfer()
    {
        var result = await NodeScript.RunCheckedAsync(Script("kit-transfer.mjs"), [chain.RpcUrl.ToString(), chain.Chain.WebSocketUrl.ToString()], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal("500000000", json.RootElement.GetProperty("bob").GetString());
        Assert.Equal("1499995000", json.RootElement.GetProperty("alice").GetString()); // 2 SOL − 0.5 SOL − 5000 lamports fee
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("err").ValueKind);
    }

    [Fact]
    public async Task Web3js_send_and_confirm_uses_the_websocket()
    {
        var result = await NodeScript.RunCheckedAsync(Script("web3-transfer.mjs"), [chain.RpcUrl.ToString()], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal(250_000_000, json.RootElement.GetProperty("bob").GetInt64());
        Assert.Equal(1_749_995_000, json.RootElement.GetProperty("alice").GetInt64());
    }

    // The SPL flows below check every read against a validator's shapes inside the script (web3.js's own
    // response schemas, kit's field lists) and fail on any console warning; here we check what they report.
    [Fact]
    public async Task Web3js_reads_an_spl_flow_parsed_and_unparsed_with_inner_instructions()
    {
        var result = await NodeScript.RunCheckedAsync(Script("web3-spl-shapes.mjs"), [chain.RpcUrl.ToString()], TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal("1250000", json.RootElement.GetProperty("recipientBalance").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("innerInstructionGroups").GetInt32());
        var innerTypes = json.RootElement.GetProperty("innerTypes").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("spl-token:initializeAccount3", innerTypes);
        Assert.Contains("system:createAccount", innerTypes);
    }

    [Fact]
    public async Task Instructions_the_flows_do_not_send_parse_with_agaves_names_or_stay_partially_decoded()
    {
        var result = await NodeScript.RunCheckedAsync(Script("parse-instructions.mjs"), [], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal(19, json.RootElement.GetProperty("cases").GetInt32());
    }

    [Fact]
    public async Task Solana_kit_reads_an_spl_flow_in_a_validators_shapes()
    {
        var result = await NodeScript.RunCheckedAsync(Script("kit-spl-shapes.mjs"), [chain.RpcUrl.ToString(), chain.Chain.WebSocketUrl.ToString()], TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal("1250000", json.RootElement.GetProperty("recipientBalance").GetString());
        Assert.Contains("initializeAccount3", json.RootElement.GetProperty("innerTypes").EnumerateArray().Select(e => e.GetString()));
    }
}
