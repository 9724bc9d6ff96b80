using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The HTTP API as a client nobody on the project wrote sees it (a real node on loopback): every mistake a
/// client can make gets an RFC 9457 problem that says what to change and names no .NET type; health
/// endpoints for load balancers; an OpenAPI document with x402's headers; operators' pages off the public port.
/// </summary>
[Collection(OutsidersCollection.Name)]
public sealed class HttpOutsiderTests(NodeFixture node)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private Uri Summaries => new(node.NodeUrl, "v1/summaries");

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(HttpContent content)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(Summaries, content, Ct);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ZkSummarize.", body, StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static ByteArrayContent Body(byte[] bytes, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Body(string json, string? contentType = "application/json") => Body(Encoding.UTF8.GetBytes(json), contentType);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"text\": \"A sentence.\"", "line 1, column")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{\"sentences\": 2}", "no \\\"text\\\"")]
    [InlineData("{\"text\": 42}", "\\\"text\\\" must be a string")]
    [InlineData("{\"text\": \"One. Two. Three. Four.\", \"sentences\": \"2\"}", "the string \\\"2\\\"")]
    [InlineData("{\"text\": \"One. Two. Three. Four.\", \"sentences\": 2.5}", "whole number from 1 to 16")]
    [InlineData("{\"text\": \"One. Two. Three. Four.\", \"sentences\": 17}", "1 to 16")]
    [InlineData("{\"text\": \"One. Two \\ud800. Three. Four.\"}", "not valid UTF-8 or UTF-16 text")] // an escaped lone surrogate: valid JSON, not text
    [InlineData("{\"text\": \"One. Two. Three. Four.\", \"\\udc00\": 1}", "not valid UTF-8 or UTF-16 text")]
    public async Task A_body_that_cannot_be_read_gets_400_with_a_problem_that_says_what_to_send(string json, string expected)
    {
        var (status, problem) = await PostAsync(Body(json));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(expected.Replace("\\\"", "\"", StringComparison.Ordinal), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("settle")]
    public async Task A_facilitator_body_with_a_string_that_is_not_text_gets_400_not_500(string path)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(node.NodeUrl, path),
            Body("""{"x402Version":2,"paymentPayload":{"x402Version":2,"payload":{"transaction":"\ud800"}},"paymentRequirements":{"scheme":"exact"}}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lone surrogate", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_refused_with_their_offset()
    {
        byte[] latin1 = [.. Encoding.ASCII.GetBytes("{\"text\": \"Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" au lait. Two. Three. Four.\"}")];
        var (status, problem) = await PostAsync(Body(latin1));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("offset 13", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_servers_limit_gets_413_with_a_problem()
    {
        // Only the headers, announcing 30 MB and a byte: the node refuses before reading any of it.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(node.NodeUrl.Host, node.NodeUrl.Port, Ct);
        var stream = tcp.GetStream();
        var head = $"POST /v1/summaries HTTP/1.1\r\nHost: {node.NodeUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: 30000001\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        int read;
        while (!answer.ToString().Contains("\"detail\"", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, patience.Token)) > 0) answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        Assert.StartsWith("HTTP/1.1 413", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("Split the document", answer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task A_missing_or_wrong_content_type_gets_415_not_404(string? contentType)
    {
        var (status, problem) = await PostAsync(Body("{\"text\": \"One. Two. Three. Four.\"}", contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A summary as long as its document would echo it for the full price: refused before any quote or payment.</summary>
    [Theory]
    [InlineData("Only one sentence here.", 1, "one sentence")]
    [InlineData("First sentence. Second sentence.", 16, "at most 1")]
    [InlineData("First one. Second one. Third one.", null, "the node's default of 3")]
    public async Task A_document_with_no_more_sentences_than_asked_for_is_refused_before_payment(string text, int? sentences, string expected)
    {
        var (status, problem) = await PostAsync(Body(JsonSerializer.Serialize(new { text, sentences })));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was charged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_and_a_bad_request_id_get_problem_bodies()
    {
        using var http = new HttpClient();
        var missing = await http.GetAsync(new Uri(node.NodeUrl, "v1/no-such-thing"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var badId = await http.GetAsync(new Uri(node.NodeUrl, "v1/summaries/xyz"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("64 lowercase hex digits", await badId.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_on_both_listeners_and_readiness_checks_the_chain_storage_and_cluster()
    {
        using var http = new HttpClient();
        foreach (var baseUrl in new[] { node.NodeUrl, node.ManagementUrl })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(baseUrl, "healthz"), Ct)).StatusCode);
            var ready = await http.GetAsync(new Uri(baseUrl, "readyz"), Ct);
            var body = await ready.Content.ReadAsStringAsync(Ct);
            Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
            using var report = JsonDocument.Parse(body);
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            var checks = report.RootElement.GetProperty("checks");
            Assert.Equal(["chain", "cluster", "storage"], checks.EnumerateObject().Select(c => c.Name).Order());
            Assert.Contains("slot", checks.GetProperty("chain").GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_dashboard_and_metrics_are_served_only_on_the_management_listener()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(node.NodeUrl, "metrics"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(node.NodeUrl, "dashboard/"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.ManagementUrl, "metrics"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.ManagementUrl, "dashboard/"), Ct)).StatusCode);
        // and the public API is not on the management listener
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(node.ManagementUrl, "v1/node"), Ct)).StatusCode);
        Assert.Equal(IPAddress.Loopback.ToString(), node.ManagementUrl.Host);
    }

    [Fact]
    public async Task The_openapi_document_has_the_payment_headers_the_402_shape_an_integer_sentences_and_no_dashboard_routes()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.NodeUrl, "openapi/v1.json"), Ct));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/dashboard", StringComparison.Ordinal) || p.Name == "/metrics");

        var buy = paths.GetProperty("/v1/summaries").GetProperty("post");
        Assert.Contains(buy.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "PAYMENT-SIGNATURE" && p.GetProperty("in").GetString() == "header");
        var responses = buy.GetProperty("responses");
        Assert.True(responses.GetProperty("402").GetProperty("headers").TryGetProperty("PAYMENT-REQUIRED", out _));
        Assert.True(responses.GetProperty("200").GetProperty("headers").TryGetProperty("PAYMENT-RESPONSE", out _));
        var required = Resolve(root, responses.GetProperty("402").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(required.GetProperty("properties").TryGetProperty("accepts", out _));
        Assert.True(responses.TryGetProperty("415", out _));
        Assert.True(responses.TryGetProperty("422", out _));

        var request = Resolve(root, buy.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var sentences = request.GetProperty("properties").GetProperty("sentences");
        Assert.DoesNotContain("string", sentences.GetProperty("type").ToString(), StringComparison.Ordinal);
        Assert.Contains("integer", sentences.GetProperty("type").ToString(), StringComparison.Ordinal);
        Assert.Equal((1, 16), (sentences.GetProperty("minimum").GetInt32(), sentences.GetProperty("maximum").GetInt32()));

        var job = paths.GetProperty("/v1/summaries/{requestId}").GetProperty("get");
        Assert.Contains(job.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "PAYER-SIGNATURE");
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
