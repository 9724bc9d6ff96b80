using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// The learned scorer's weights: a sentence scores Σ weight[f] · feature[f] over
/// <see cref="SentenceFeatures"/>, in integers, and the top N win. It is a plain JSON file, so a
/// retrained model is reviewed like code; the one the product ships is embedded in this assembly.
/// </summary>
public sealed class LearnedScorerModel
{
    /// <summary>The value of <c>format</c> in a weights file this build reads.</summary>
    public const string FormatName = "zks-learned-scorer/1";

    /// <summary>Bounds a weight so that a score (features are at most 2^28) cannot overflow 64 bits.</summary>
    public const long MaxWeight = 1 << 24;

    private const string RetrainHint = "Write one with `zks train-summarizer --data <reference set> --out <file>` (docs/summarization.md).";

    private static readonly Lazy<LearnedScorerModel> LazyShipped = new(LoadShipped);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <exception cref="ArgumentException">The weights do not fit the features or are out of range.</exception>
    public LearnedScorerModel(IReadOnlyList<string> features, IReadOnlyList<long> weights, TrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weights);
        if (!features.SequenceEqual(SentenceFeatures.Names, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The weights were trained for the features [{string.Join(", ", features)}], but this build computes [{string.Join(", ", SentenceFeatures.Names)}]. {RetrainHint}",
                nameof(features));
        }
        if (weights.Count != features.Count) throw new ArgumentException($"{weights.Count} weights for {features.Count} features. {RetrainHint}", nameof(weights));
        if (weights.Any(w => Math.Abs(w) > MaxWeight)) throw new ArgumentException($"A weight is outside ±{MaxWeight}. {RetrainHint}", nameof(weights));
        Features = features.ToArray();
        Weights = weights.ToArray();
        Training = training;
    }

    public IReadOnlyList<string> Features { get; }

    public IReadOnlyList<long> Weights { get; }

    /// <summary>How the weights were obtained, for the record; it plays no part in scoring.</summary>
    public TrainingInfo? Training { get; }

    /// <summary>The weights this build ships (embedded; no file or shared data needed at run time).</summary>
    public static LearnedScorerModel Shipped => LazyShipped.Value;

    /// <summary>The score of one feature row; higher is better.</summary>
    public long Score(IReadOnlyList<long> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        long score = 0;
        for (var f = 0; f < Weights.Count; f++) score += Weights[f] * row[f];
        return score;
    }

    public string ToJson() => JsonSerializer.Serialize(new FileModel(FormatName, Features, Weights, Training), Json) + "\n";

    /// <param name="source">Names the file in error messages.</param>
    /// <exception cref="InvalidDataException">Not a weights file of this format, or for other features.</exception>
    public static LearnedScorerModel FromJson(string json, string source = "The weights file")
    {
        FileModel? file;
        try
        {
            file = JsonSerializer.Deserialize<FileModel>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not valid JSON ({e.Message}). {RetrainHint}", e);
        }
        if (file is null || file.Format != FormatName || file.Features is null || file.Weights is null)
        {
            throw new InvalidDataException($"{source} is not a learned scorer weights file (expected \"format\": \"{FormatName}\" with features and weights). {RetrainHint}");
        }
        try
        {
            return new LearnedScorerModel(file.Features, file.Weights, file.Training);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <exception cref="InvalidDataException">See <see cref="FromJson"/>.</exception>
    public static async Task<LearnedScorerModel> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        FromJson(await File.ReadAllTextAsync(path, cancellationToken), path);

    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => File.WriteAllTextAsync(path, ToJson(), cancellationToken);

    private static LearnedScorerModel LoadShipped()
    {
        using var stream = typeof(LearnedScorerModel).Assembly.GetManifestResourceStream(ShippedResourceName)
            ?? throw new InvalidOperationException($"The shipped weights ({ShippedResourceName}) are missing from the assembly; the build is broken.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd(), "The shipped weights");
    }

    internal const string ShippedResourceName = "ZkSummarize.Summarization.learned-scorer.json";

    private sealed record FileModel(string? Format, IReadOnlyList<string>? Features, IReadOnlyList<long>? Weights, TrainingInfo? Training);
}

/// <summary>What a weights file records about its training (reproducible: no dates, no machine paths).</summary>
/// <param name="Data">The reference set's folder name.</param>
/// <param name="Topics">The topics trained on.</param>
/// <param name="SentenceF1">Mean sentence F1 on the training articles (in-sample, not a quality claim).</param>
public sealed record TrainingInfo(string Data, int Articles, IReadOnlyList<string> Topics, string Objective, double SentenceF1);
