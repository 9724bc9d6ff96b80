using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// What the OpenAPI document says beyond what ASP.NET infers: x402's headers (they carry the payment, so a
/// client generated from the document must know them) and the request body, which the handlers read
/// themselves to answer bad bodies with problem details.
/// </summary>
public static class OpenApiDescriptions
{
    private const string Base64Json = "base64 of a JSON object (x402 v2, docs/x402-escrow-scheme.md)";

    public static async Task BuySummaryAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(SummaryRequest), null, cancellationToken) },
            },
        };
        AddHeaderParameter(operation, X402Headers.PaymentSignature,
            $"The payment: a PaymentPayload, {Base64Json}, for one of the requirements the 402 answer offered. Without it the answer is 402.");
        AddResponseHeader(operation, "402", X402Headers.PaymentRequired, $"What to pay: a PaymentRequired, {Base64Json}; the body holds the same object as JSON.", required: true);
        AddResponseHeader(operation, "200", X402Headers.PaymentResponse, $"The settlement: a SettlementResponse, {Base64Json}, with the payment's transaction.", required: true);
        AddResponseHeader(operation, "409", X402Headers.PaymentResponse, $"The settlement of the payment presented again, {Base64Json}.", required: false);
    }

    public static Task GetSummaryJob(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AddHeaderParameter(operation, SummaryAccess.Header,
            "base58 Ed25519 signature of \"zksummarize read <requestId>\" by the key that paid; with it, a settled job also shows the summary and receipt.");
        return Task.CompletedTask;
    }

    private static void AddHeaderParameter(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name, In = ParameterLocation.Header, Required = false, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void AddResponseHeader(OpenApiOperation operation, string status, string name, string description, bool required)
    {
        if (operation.Responses?.TryGetValue(status, out var found) != true || found is not OpenApiResponse response) return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Required = required, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }
}
