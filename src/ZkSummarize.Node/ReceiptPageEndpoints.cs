using System.Buffers.Text;
using Microsoft.Extensions.FileProviders;

namespace ZkSummarize.Node;

/// <summary>
/// GET /receipt/: the receipt page (src/receipt-page), which checks a receipt in the visitor's browser: the
/// proof under a key the page pins, the summary hash, and the attestation on a chain of the visitor's choice.
/// The node only hands out static files; it learns nothing about the receipts checked, which travel in the
/// link's fragment or stay in the page.
/// </summary>
public static class ReceiptPageEndpoints
{
    public const string Path = "/receipt";

    // The page's own script and its WebAssembly (snarkjs compiles the curve code, and runs it in workers made
    // from blobs); the chain is whichever JSON-RPC URL the visitor gives, so connections may go anywhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; connect-src *; style-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// A link that opens the receipt on this node's page. The receipt travels in the fragment, which browsers
    /// never send to the server, so following the link shows no one the summary.
    /// </summary>
    public static string LinkTo(HttpRequest request, Core.Receipts.Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(receipt);
        var compact = System.Text.Json.Nodes.JsonNode.Parse(receipt.ToJson())!.ToJsonString();
        return $"{request.Scheme}://{request.Host}{Path}/#receipt={Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(compact))}";
    }

    public static void MapReceiptPage(this WebApplication app, string? folder)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = System.IO.Path.GetFullPath(string.IsNullOrEmpty(folder) ? System.IO.Path.Combine(AppContext.BaseDirectory, "receipt-page") : folder);
        if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("No receipt page at {Folder}: /receipt answers 404. Build it with `node build.mjs` in src/receipt-page (scripts/setup.sh installs its packages)", root);
            app.MapGet(Path + "/{**rest}", () => Results.Problem(
                $"This node has no receipt page (nothing at {root}). Build src/receipt-page with `node build.mjs`, or set Node:ReceiptPageFolder.", statusCode: StatusCodes.Status404NotFound))
                .ExcludeFromDescription();
            return;
        }
        var files = new PhysicalFileProvider(root);
        var page = new PathString(Path);
        app.UseWhen(http => http.Request.Path.StartsWithSegments(page, StringComparison.Ordinal), branch =>
        {
            branch.Use((http, next) =>
            {
                // The page refers to its files relatively, so it must be seen from /receipt/, not /receipt. (Not
                // an endpoint: routing matches /receipt/ to /receipt too, which would redirect forever.)
                if (http.Request.Path == page)
                {
                    http.Response.Redirect($"{Path}/{http.Request.QueryString}", permanent: true);
                    return Task.CompletedTask;
                }
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return next(http);
            });
            branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = page });
            branch.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = page });
        });
    }
}
