using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Tests;

internal static class Samples
{
    public static readonly Document News = Document.Parse("""
        The city council approved a new budget for public transport on Monday.
        The budget adds twelve new bus routes and extends the tram line to the airport.

        Council members argued for hours about the cost of the tram extension.
        Supporters said the tram extension would cut traffic on the airport road.
        Critics said the budget for public transport ignored cyclists.

        The weather was mild. A local bakery won a prize for its bread.

        The new bus routes start in March, and the tram extension opens next year.
        """);
}
