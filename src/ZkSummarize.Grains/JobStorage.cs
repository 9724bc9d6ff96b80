namespace ZkSummarize.Grains;

/// <summary>The grain storage that holds jobs (paid work): configure a durable provider under this name.</summary>
public static class JobStorage
{
    public const string Name = "jobs";
}
