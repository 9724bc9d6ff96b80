using ZkSummarize.Node.Tests.Browser;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The receipt page and the MCP tools share one escrow node, chain and browser: starting a node that loads the
/// ceremony key costs more than these tests do, and each test reads or pays on its own (balances are compared
/// within a test, and the one change to the chain a test makes it undoes).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReceiptsAndAgentsCollection : ICollectionFixture<EscrowNodeFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "receipts and agents";
}
