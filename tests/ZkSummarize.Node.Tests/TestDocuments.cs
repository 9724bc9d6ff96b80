namespace ZkSummarize.Node.Tests;

internal static class TestDocuments
{
    public const string Article = """
        The city council approved a new budget for public transport on Monday. The budget adds twelve new bus routes.
        Council members argued for hours about the cost. Supporters said the tram would cut traffic. Critics said cyclists were ignored.
        """;
}
