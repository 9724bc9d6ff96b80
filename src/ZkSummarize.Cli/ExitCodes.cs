namespace ZkSummarize.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed while running (chain, network, a transaction).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>A check failed: the file, key or proof is not what it must be (the message says which check).</summary>
    public const int CheckFailed = 3;

    /// <summary>`zks verify`: the receipt was proven under a key anyone can forge proofs with (the development key), so it proves nothing.</summary>
    public const int Forgeable = 4;
}
