using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZkSummarize.DevChain;

/// <summary>
/// The dev chain's dev-only JSON-RPC methods: move the slot and the clock (to test deadlines), write accounts
/// and load programs. Real clusters do not have these.
/// </summary>
public sealed class DevChainAdmin(HttpClient http, Uri rpcUrl)
{
    private int _nextId;

    /// <summary>Advances the chain to <paramref name="slot"/> (a new blockhash per slot passed).</summary>
    public Task WarpToSlotAsync(ulong slot, CancellationToken cancellationToken = default) =>
        CallAsync("dev_warpToSlot", new JsonArray(slot), cancellationToken);

    /// <summary>Moves the Clock sysvar's unix_timestamp forward by <paramref name="seconds"/> (and the slot with it).</summary>
    public async Task<long> AdvanceTimeAsync(ulong seconds, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("dev_advanceTime", new JsonArray(seconds), cancellationToken).ConfigureAwait(false);
        return result!["value"]!["unixTimestamp"]!.GetValue<long>();
    }

    /// <summary>Sets the Clock sysvar's unix_timestamp; it only moves forward.</summary>
    public async Task<long> SetUnixTimestampAsync(long unixTimestamp, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("dev_setUnixTimestamp", new JsonArray(unixTimestamp), cancellationToken).ConfigureAwait(false);
        return result!["value"]!["unixTimestamp"]!.GetValue<long>();
    }

    /// <summary>Writes an account as it is, with no transaction (for fixtures such as a mint at a fixed address).</summary>
    public Task SetAccountAsync(string address, ulong lamports, ReadOnlyMemory<byte> data, string owner, bool executable = false, CancellationToken cancellationToken = default)
    {
        var account = new JsonObject
        {
            ["lamports"] = lamports,
            ["data"] = new JsonArray(Convert.ToBase64String(data.Span), "base64"),
            ["owner"] = owner,
            ["executable"] = executable,
        };
        return CallAsync("dev_setAccount", new JsonArray(address, account), cancellationToken);
    }

    /// <summary>Loads a program (.so bytes) at <paramref name="programId"/>.</summary>
    /// <summary>Loads a program; with <paramref name="upgradeAuthority"/> (base58) its ProgramData names that authority, as a real deploy does.</summary>
    public Task AddProgramAsync(string programId, ReadOnlyMemory<byte> programElf, string? upgradeAuthority = null, CancellationToken cancellationToken = default) =>
        CallAsync("dev_addProgram", new JsonArray(programId, Convert.ToBase64String(programElf.Span), upgradeAuthority), cancellationToken);

    private async Task<JsonNode?> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = parameters,
        };
        using var response = await http.PostAsJsonAsync(rpcUrl, request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken).ConfigureAwait(false);
        if (body?["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"{method} failed: {error["message"]} (code {error["code"]})");
        }

        return body?["result"];
    }
}
