using Xunit;
using ZkSummarize.DevChain;

namespace ZkSummarize.Testing;

/// <summary>One dev chain per test class (IClassFixture&lt;DevChainFixture&gt;), stopped when the class is done.</summary>
public class DevChainFixture : IAsyncLifetime
{
    private DevChainProcess? _chain;

    /// <summary>The running chain.</summary>
    public DevChainProcess Chain
    {
        get
        {
            MutationRun.SkipIfSkipped("devchain");
            return _chain ?? throw new InvalidOperationException("The dev chain has not started.");
        }
    }

    /// <summary>The chain's JSON-RPC endpoint.</summary>
    public Uri RpcUrl => Chain.RpcUrl;

    /// <summary>Shared HttpClient for the tests of this class.</summary>
    public HttpClient Http { get; } = new();

    /// <summary>Dev-only methods (time, accounts, programs).</summary>
    public DevChainAdmin Admin => new(Http, RpcUrl);

    /// <summary>Override to load programs or change the genesis hash.</summary>
    protected virtual void Configure(DevChainOptions options)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        if (MutationRun.Skips("devchain")) return; // the tests skip themselves at their first use of the chain
        var options = new DevChainOptions { RepositoryRoot = RepoPaths.Root };
        Configure(options);
        _chain = await DevChainProcess.StartAsync(options).ConfigureAwait(false);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync().ConfigureAwait(false);
        }

        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A dev chain with every dev_* method switched off: it answers only what devnet or mainnet answer.</summary>
public class StandardRpcChainFixture : DevChainFixture
{
    protected override void Configure(DevChainOptions options) => options.DevMethods = false;
}
