using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Rpc;

/// <summary>
/// A Solana JSON-RPC 2.0 client over HttpClient. Errors come back as <see cref="SolanaRpcException"/>;
/// transient HTTP failures are retried by the HttpClient's resilience handler (see
/// <see cref="SolanaRpcServiceCollectionExtensions"/> and <see cref="Create"/>).
/// </summary>
public sealed partial class SolanaRpcClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly HttpClient _http;
    private readonly SolanaRpcOptions _options;
    private readonly ILogger _logger;
    private long _nextId;

    public SolanaRpcClient(HttpClient http, SolanaRpcOptions options, ILogger<SolanaRpcClient>? logger = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Url => _options.Url;

    /// <summary>A client with its own HttpClient and the standard retry policy, for tools and tests without DI.</summary>
    public static SolanaRpcClient Create(Uri url, Action<SolanaRpcOptions>? configure = null, ILogger<SolanaRpcClient>? logger = null)
    {
        var options = new SolanaRpcOptions { Url = url };
        configure?.Invoke(options);
        return new SolanaRpcClient(RpcResilience.CreateHttpClient(), options, logger);
    }

    public async Task<LatestBlockhash> GetLatestBlockhashAsync(Commitment? commitment = null, CancellationToken cancellationToken = default)
    {
        return await CallAsync("getLatestBlockhash", [CommitmentConfig(commitment)], result =>
        {
            var value = result.GetProperty("value");
            return new LatestBlockhash(Text(value.GetProperty("blockhash")), value.GetProperty("lastValidBlockHeight").GetUInt64());
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a signed transaction and returns its signature. Resending the same signed bytes is safe (a
    /// transaction lands at most once), so when a retried send finds it already processed, that is success.
    /// </summary>
    public async Task<string> SendTransactionAsync(Transaction transaction, SendTransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var config = new JsonObject
        {
            ["encoding"] = "base64",
            ["skipPreflight"] = options?.SkipPreflight ?? false,
            ["preflightCommitment"] = Name(options?.PreflightCommitment ?? _options.Commitment),
        };
        try
        {
            return await CallAsync("sendTransaction", [transaction.ToBase64(), config], Text, cancellationToken).ConfigureAwait(false);
        }
        catch (SolanaRpcException e) when (e.TransactionError == "\"AlreadyProcessed\"")
        {
            _logger.LogDebug("Transaction {Signature} was already processed", transaction.Signature);
            return transaction.Signature;
        }
    }

    /// <summary>
    /// Sends, then waits until the transaction reaches the commitment; throws if it failed on chain. While the
    /// cluster has not seen it, the same signed bytes are sent again every <see cref="SolanaRpcOptions.ResendInterval"/>
    /// (leaders drop transactions under load; a transaction lands at most once), until its blockhash expires:
    /// then it can never land, and <see cref="BlockhashExpiredException"/> says it is safe to build it again.
    /// </summary>
    public async Task<string> SendAndConfirmTransactionAsync(Transaction transaction, Commitment? commitment = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var signature = await SendTransactionAsync(transaction, null, cancellationToken).ConfigureAwait(false);
        var lastSent = DateTime.UtcNow;
        await WaitForAsync(signature, commitment, timeout, async () =>
        {
            if (DateTime.UtcNow - lastSent < _options.ResendInterval) return;
            if (!await IsBlockhashValidAsync(transaction.Message.RecentBlockhash, cancellationToken).ConfigureAwait(false))
            {
                // It may have landed in the meantime; only a transaction still unseen with an expired blockhash is gone for good.
                if ((await GetSignatureStatusesAsync([signature], true, cancellationToken).ConfigureAwait(false))[0] is null) throw new BlockhashExpiredException(signature);
                return;
            }

            _logger.LogDebug("Transaction {Signature} not seen yet; sending it again", signature);
            await SendTransactionAsync(transaction, new SendTransactionOptions(SkipPreflight: true), cancellationToken).ConfigureAwait(false);
            lastSent = DateTime.UtcNow;
        }, cancellationToken).ConfigureAwait(false);
        return signature;
    }

    /// <summary>Per recent slot, the compute-unit price (micro-lamports) paid to land a transaction writing all of <paramref name="writableAccounts"/>.</summary>
    public async Task<IReadOnlyList<PrioritizationFee>> GetRecentPrioritizationFeesAsync(IReadOnlyList<PublicKey> writableAccounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writableAccounts);
        var list = new JsonArray(writableAccounts.Select(a => (JsonNode?)a.ToString()).ToArray());
        var result = await CallAsync("getRecentPrioritizationFees", [list], cancellationToken).ConfigureAwait(false);
        return result.EnumerateArray().Select(e => new PrioritizationFee(e.GetProperty("slot").GetUInt64(), e.GetProperty("prioritizationFee").GetUInt64())).ToList();
    }

    /// <summary>
    /// The compute-unit price to offer for a transaction writing <paramref name="writableAccounts"/>: the
    /// <see cref="SolanaRpcOptions.PriorityFeePercentile"/> of recent slots' prices, at most
    /// <see cref="SolanaRpcOptions.MaxComputeUnitPrice"/>; 0 when the cluster is not congested.
    /// </summary>
    public async Task<ulong> EstimateComputeUnitPriceAsync(IReadOnlyList<PublicKey> writableAccounts, CancellationToken cancellationToken = default)
    {
        var fees = (await GetRecentPrioritizationFeesAsync(writableAccounts, cancellationToken).ConfigureAwait(false)).Select(f => f.MicroLamportsPerUnit).Order().ToList();
        if (fees.Count == 0) return 0;
        var percentile = fees[(int)Math.Min(fees.Count - 1, Math.Ceiling(fees.Count * _options.PriorityFeePercentile / 100.0) - 1)];
        return Math.Min(percentile, _options.MaxComputeUnitPrice);
    }

    /// <summary>True while a transaction with this blockhash can still land.</summary>
    public async Task<bool> IsBlockhashValidAsync(string blockhash, CancellationToken cancellationToken = default) =>
        (await CallAsync("isBlockhashValid", [blockhash, CommitmentConfig(Commitment.Processed)], cancellationToken).ConfigureAwait(false)).GetProperty("value").GetBoolean();

    public async Task<SimulationResult> SimulateTransactionAsync(Transaction transaction, bool sigVerify = false, bool replaceRecentBlockhash = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var config = new JsonObject
        {
            ["encoding"] = "base64",
            ["sigVerify"] = sigVerify,
            ["replaceRecentBlockhash"] = replaceRecentBlockhash,
            ["commitment"] = Name(_options.Commitment),
        };
        return await CallAsync("simulateTransaction", [transaction.ToBase64(requireAllSignatures: sigVerify), config], result =>
        {
            var value = result.GetProperty("value");
            return new SimulationResult(ErrorJson(value), Logs(value, "logs"), OptionalUInt64(value, "unitsConsumed"));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SignatureStatus?>> GetSignatureStatusesAsync(IReadOnlyList<string> signatures, bool searchTransactionHistory = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var list = new JsonArray(signatures.Select(s => (JsonNode?)s).ToArray());
        return await CallAsync<IReadOnlyList<SignatureStatus?>>("getSignatureStatuses", [list, new JsonObject { ["searchTransactionHistory"] = searchTransactionHistory }],
            result => result.GetProperty("value").EnumerateArray().Select(ParseStatus).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls until the transaction reaches <paramref name="commitment"/>. Throws <see cref="TransactionFailedException"/>
    /// if it failed on chain, and <see cref="TimeoutException"/> if it is not seen in time (it may still land
    /// until its blockhash expires).
    /// </summary>
    public Task<SignatureStatus> ConfirmTransactionAsync(string signature, Commitment? commitment = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(signature, commitment, timeout, null, cancellationToken);

    /// <summary>Polls the transaction's status until it reaches the commitment or fails; <paramref name="whileUnseen"/> runs at each poll the cluster has not seen it.</summary>
    private async Task<SignatureStatus> WaitForAsync(string signature, Commitment? commitment, TimeSpan? timeout, Func<Task>? whileUnseen, CancellationToken cancellationToken)
    {
        var target = commitment ?? _options.Commitment;
        var limit = timeout ?? _options.ConfirmationTimeout;
        using var timer = new PeriodicTimer(_options.ConfirmationPollInterval);
        var deadline = DateTime.UtcNow + limit;
        SignatureStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = (await GetSignatureStatusesAsync([signature], false, cancellationToken).ConfigureAwait(false))[0];
            if (status?.Error is { } error)
            {
                var details = await GetTransactionAsync(signature, Commitment.Confirmed, cancellationToken).ConfigureAwait(false);
                throw new TransactionFailedException(signature, error, details?.Logs ?? []);
            }

            if (status is not null && status.Reached(target))
            {
                return status;
            }

            if (status is null && whileUnseen is not null)
            {
                await whileUnseen().ConfigureAwait(false);
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException(
            $"Transaction {signature} did not reach '{Name(target)}' within {limit.TotalSeconds:0.#} s (last status: {status?.ConfirmationStatus?.ToString() ?? "not seen"}). " +
            "It may still land until its blockhash expires; check it with getSignatureStatuses before sending again.");
    }

    public async Task<AccountInfo?> GetAccountInfoAsync(PublicKey address, Commitment? commitment = null, CancellationToken cancellationToken = default)
    {
        var config = new JsonObject { ["encoding"] = "base64", ["commitment"] = Name(commitment ?? _options.Commitment) };
        return await CallAsync("getAccountInfo", [address.ToString(), config], result => ParseAccount(result.GetProperty("value")), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AccountInfo?>> GetMultipleAccountsAsync(IReadOnlyList<PublicKey> addresses, Commitment? commitment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var list = new JsonArray(addresses.Select(a => (JsonNode?)a.ToString()).ToArray());
        var config = new JsonObject { ["encoding"] = "base64", ["commitment"] = Name(commitment ?? _options.Commitment) };
        return await CallAsync<IReadOnlyList<AccountInfo?>>("getMultipleAccounts", [list, config],
            result => result.GetProperty("value").EnumerateArray().Select(ParseAccount).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ulong> GetBalanceAsync(PublicKey address, Commitment? commitment = null, CancellationToken cancellationToken = default) =>
        await CallAsync("getBalance", [address.ToString(), CommitmentConfig(commitment)], result => result.GetProperty("value").GetUInt64(), cancellationToken).ConfigureAwait(false);

    public async Task<TokenAmount> GetTokenAccountBalanceAsync(PublicKey tokenAccount, Commitment? commitment = null, CancellationToken cancellationToken = default)
    {
        return await CallAsync("getTokenAccountBalance", [tokenAccount.ToString(), CommitmentConfig(commitment)], result =>
        {
            var value = result.GetProperty("value");
            return new TokenAmount(ulong.Parse(Text(value.GetProperty("amount")), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture),
                value.GetProperty("decimals").GetByte(), Text(value.GetProperty("uiAmountString")));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ulong> GetMinimumBalanceForRentExemptionAsync(ulong dataLength, CancellationToken cancellationToken = default) =>
        await CallAsync("getMinimumBalanceForRentExemption", [dataLength], result => result.GetUInt64(), cancellationToken).ConfigureAwait(false);

    /// <summary>Asks the cluster's faucet for lamports (dev and test clusters only); returns the signature.</summary>
    public async Task<string> RequestAirdropAsync(PublicKey address, ulong lamports, CancellationToken cancellationToken = default) =>
        await CallAsync("requestAirdrop", [address.ToString(), lamports], Text, cancellationToken).ConfigureAwait(false);

    public async Task<ulong> GetSlotAsync(Commitment? commitment = null, CancellationToken cancellationToken = default) =>
        await CallAsync("getSlot", [CommitmentConfig(commitment)], result => result.GetUInt64(), cancellationToken).ConfigureAwait(false);

    public async Task<ulong> GetBlockHeightAsync(Commitment? commitment = null, CancellationToken cancellationToken = default) =>
        await CallAsync("getBlockHeight", [CommitmentConfig(commitment)], result => result.GetUInt64(), cancellationToken).ConfigureAwait(false);

    public async Task<string> GetGenesisHashAsync(CancellationToken cancellationToken = default) =>
        await CallAsync("getGenesisHash", [], Text, cancellationToken).ConfigureAwait(false);

    /// <summary>The node's solana-core version.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default) =>
        await CallAsync("getVersion", [], result => Text(result.GetProperty("solana-core")), cancellationToken).ConfigureAwait(false);

    /// <summary>A landed transaction with its logs, compute units and error; null when the node has not seen it.</summary>
    public async Task<TransactionDetails?> GetTransactionAsync(string signature, Commitment? commitment = null, CancellationToken cancellationToken = default)
    {
        var config = new JsonObject
        {
            ["encoding"] = "base64",
            ["maxSupportedTransactionVersion"] = 0,
            ["commitment"] = Name(commitment is Commitment.Processed or null ? Commitment.Confirmed : commitment.Value),
        };
        return await CallAsync("getTransaction", [signature, config], ParseTransaction, cancellationToken).ConfigureAwait(false);
    }

    private static TransactionDetails? ParseTransaction(JsonElement result)
    {
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var meta = result.GetProperty("meta");
        return new TransactionDetails(
            result.GetProperty("slot").GetUInt64(),
            result.TryGetProperty("blockTime", out var blockTime) && blockTime.ValueKind == JsonValueKind.Number ? blockTime.GetInt64() : null,
            ErrorJson(meta),
            meta.GetProperty("fee").GetUInt64(),
            Logs(meta, "logMessages"),
            OptionalUInt64(meta, "computeUnitsConsumed"),
            meta.GetProperty("preBalances").EnumerateArray().Select(e => e.GetUInt64()).ToList(),
            meta.GetProperty("postBalances").EnumerateArray().Select(e => e.GetUInt64()).ToList(),
            Convert.FromBase64String(Text(result.GetProperty("transaction")[0])));
    }

    /// <summary>The transactions that touched an address, newest first, at most <paramref name="limit"/> (≤ 1,000) older than <paramref name="before"/>.</summary>
    public async Task<IReadOnlyList<SignatureInfo>> GetSignaturesForAddressAsync(PublicKey address, int limit = 1000, string? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var config = new JsonObject { ["limit"] = limit, ["commitment"] = Name(Commitment.Confirmed) };
        if (before is not null) config["before"] = before;
        return await CallAsync<IReadOnlyList<SignatureInfo>>("getSignaturesForAddress", [address.ToString(), config], result => result.EnumerateArray().Select(e => new SignatureInfo(
            Text(e.GetProperty("signature")),
            e.GetProperty("slot").GetUInt64(),
            e.TryGetProperty("err", out var err) && err.ValueKind != JsonValueKind.Null ? err.GetRawText() : null,
            e.TryGetProperty("blockTime", out var time) && time.ValueKind == JsonValueKind.Number ? time.GetInt64() : null)).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls any method and returns the raw "result" element (for methods without a typed wrapper).</summary>
    public async Task<JsonElement> CallAsync(string method, JsonNode?[] parameters, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = new JsonArray(parameters.Where(p => p is not null).ToArray()),
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = JsonContentType;
        using var response = await _http.PostAsync(_options.Url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{method}: the RPC node at {_options.Url} answered HTTP {(int)response.StatusCode}: {Truncate(text)}", null, response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await ParseReplyAsync(method, stream, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw ParseError(method, error);
        }

        if (!root.TryGetProperty("result", out var result))
        {
            throw new SolanaRpcException(method, -32603, "the response has neither result nor error");
        }

        return result.Clone();
    }

    /// <summary>
    /// Calls a method and reads its result. A reply that is not what the method returns (a missing field, a
    /// number out of range, a string that is not base64...) is a <see cref="SolanaRpcException"/> with code
    /// -32603, like an error reply, never an exception from deep in the JSON reader (found by fuzzing).
    /// </summary>
    public async Task<T> CallAsync<T>(string method, JsonNode?[] parameters, Func<JsonElement, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = await CallAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        try
        {
            return read(result);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw Malformed(method, $"its result is not what {method} returns ({e.Message})");
        }
    }

    public static SolanaRpcException Malformed(string method, string why) => new(method, -32603, $"the RPC node's reply is malformed: {why}");

    private static async Task<JsonDocument> ParseReplyAsync(string method, Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var reply = buffer.ToArray(); // the document reads from it while it lives
        if (!JsonText.HoldsOnlyText(reply)) throw Malformed(method, "a string in it is not valid UTF-8 or UTF-16 text");
        try
        {
            var document = JsonDocument.Parse(reply);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            throw Malformed(method, "it is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Malformed(method, $"it is not JSON ({e.Message})");
        }
    }

    /// <summary>A JSON string, or the reason the reply is malformed (GetString() gives null for a JSON null).</summary>
    private static string Text(JsonElement e) => e.GetString() ?? throw new FormatException("a string is null");

    private static SolanaRpcException ParseError(string method, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object) return new SolanaRpcException(method, -32603, error.GetRawText());
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : -32603;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : error.GetRawText();
        IReadOnlyList<string>? logs = null;
        string? transactionError = null;
        if (error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            logs = Logs(data, "logs");
            transactionError = ErrorJson(data);
        }

        return new SolanaRpcException(method, code, message, logs, transactionError);
    }

    private static SignatureStatus? ParseStatus(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Commitment? status = e.TryGetProperty("confirmationStatus", out var s) && s.ValueKind == JsonValueKind.String
            ? Enum.Parse<Commitment>(s.GetString()!, ignoreCase: true)
            : null;
        return new SignatureStatus(e.GetProperty("slot").GetUInt64(), OptionalUInt64(e, "confirmations"), ErrorJson(e), status);
    }

    private static AccountInfo? ParseAccount(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null
            ? null
            : new AccountInfo(
                e.GetProperty("lamports").GetUInt64(),
                PublicKey.Parse(e.GetProperty("owner").GetString()!),
                Convert.FromBase64String(e.GetProperty("data")[0].GetString()!),
                e.GetProperty("executable").GetBoolean(),
                e.GetProperty("rentEpoch").GetUInt64());

    private static string? ErrorJson(JsonElement e) =>
        e.TryGetProperty("err", out var err) && err.ValueKind != JsonValueKind.Null ? err.GetRawText() : null;

    private static List<string> Logs(JsonElement e, string name) =>
        e.TryGetProperty(name, out var logs) && logs.ValueKind == JsonValueKind.Array
            ? logs.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()! : l.GetRawText()).ToList() : [];

    private static ulong? OptionalUInt64(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetUInt64() : null;

    private JsonObject CommitmentConfig(Commitment? commitment) => new() { ["commitment"] = Name(commitment ?? _options.Commitment) };

    private static string Name(Commitment commitment) => commitment switch
    {
        Commitment.Processed => "processed",
        Commitment.Confirmed => "confirmed",
        _ => "finalized",
    };

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
