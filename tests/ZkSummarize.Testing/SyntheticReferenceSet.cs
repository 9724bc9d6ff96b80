namespace ZkSummarize.Testing;

/// <summary>
/// A small reference set written on the fly (article/&lt;topic&gt;/&lt;n&gt;.txt beside summary/&lt;topic&gt;/&lt;n&gt;.txt,
/// the BBC layout), so that training and evaluation run end to end without the shared data. In every
/// article the reference picks the three sentences about its subject and leaves the filler out.
/// </summary>
public static class SyntheticReferenceSet
{
    public static readonly string[] Topics = ["civic", "finance", "sport"];

    public const int ArticlesPerTopic = 4;

    private static readonly string[][] Subjects =
    [
        ["council", "budget", "tram"], ["mayor", "housing", "plan"], ["school", "teachers", "strike"], ["hospital", "nurses", "wards"],
        ["bank", "rates", "inflation"], ["airline", "fares", "fuel"], ["retailer", "sales", "shops"], ["factory", "orders", "exports"],
        ["club", "coach", "season"], ["striker", "goals", "league"], ["runner", "marathon", "record"], ["team", "final", "trophy"],
    ];

    private static readonly string[] Filler =
    [
        "The weather was mild on Monday.",
        "A local bakery won a prize for its bread.",
        "Traffic was light in the morning.",
        "Many people stayed at home.",
        "The museum opens late on Fridays.",
    ];

    /// <summary>Writes the set below <paramref name="directory"/> and returns it.</summary>
    public static string Write(string directory)
    {
        for (var t = 0; t < Topics.Length; t++)
        {
            Directory.CreateDirectory(Path.Combine(directory, "article", Topics[t]));
            Directory.CreateDirectory(Path.Combine(directory, "summary", Topics[t]));
            for (var k = 0; k < ArticlesPerTopic; k++)
            {
                var (a, b, c) = (Subjects[t * ArticlesPerTopic + k][0], Subjects[t * ArticlesPerTopic + k][1], Subjects[t * ArticlesPerTopic + k][2]);
                string[] central =
                [
                    $"The {a} approved a new {b} for the {c} on Monday.",
                    $"Critics of the {a} said the {b} ignored the {c}.",
                    $"The {b} and the {c} now dominate every {a} debate.",
                ];
                var article = $"The {a} and the {b}\n\n{central[0]}\n{Filler[k % Filler.Length]}\n{central[1]}\n\n{Filler[(k + 1) % Filler.Length]}\n{central[2]}\n{Filler[(k + 2) % Filler.Length]}\n{Filler[(k + 3) % Filler.Length]}\n";
                var name = $"{k + 1:000}.txt";
                File.WriteAllText(Path.Combine(directory, "article", Topics[t], name), article);
                File.WriteAllText(Path.Combine(directory, "summary", Topics[t], name), string.Join('\n', central[2], central[0], central[1]) + "\n");
            }
        }
        return directory;
    }
}
