using System.Collections.Concurrent;

namespace ZkSummarize.Node;

/// <summary>An escrow quote: the request id the node issued for a document, and until when it can be paid.</summary>
public sealed record Quote(byte[] RequestId, byte[] DocRoot, long Deadline, DateTimeOffset Expires);

/// <summary>
/// Request ids issued in 402 answers, each usable once and only for its document, so a client cannot
/// pay for one document and ask for another, or replay a quote. (In memory for now; the SummaryJob
/// grain makes this durable.)
/// </summary>
public sealed class QuoteBook(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Quote> _quotes = new(StringComparer.Ordinal);

    public Quote Issue(byte[] docRoot, long deadline, TimeSpan validity)
    {
        foreach (var (key, q) in _quotes)
        {
            if (q.Expires < time.GetUtcNow()) _quotes.TryRemove(key, out _);
        }
        var quote = new Quote(Core.Commitments.FieldEncoding.NewRequestId(), docRoot, deadline, time.GetUtcNow() + validity);
        _quotes[Convert.ToHexStringLower(quote.RequestId)] = quote;
        return quote;
    }

    /// <summary>Takes the quote for this request id if it was issued for this document and is still valid; else says why.</summary>
    public (Quote? Quote, string? Problem) TryTake(string? requestIdHex, byte[] docRoot)
    {
        if (requestIdHex is null || !_quotes.TryGetValue(requestIdHex, out var quote)) return (null, "invalid_escrow_svm_payload_request_mismatch");
        if (!quote.DocRoot.AsSpan().SequenceEqual(docRoot)) return (null, "invalid_escrow_svm_payload_document_mismatch");
        if (quote.Expires < time.GetUtcNow() || !_quotes.TryRemove(requestIdHex, out _)) return (null, "invalid_escrow_svm_payload_request_mismatch");
        return (quote, null);
    }
}
