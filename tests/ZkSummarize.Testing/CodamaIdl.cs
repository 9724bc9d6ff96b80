using System.Text.Json;

namespace ZkSummarize.Testing;

/// <summary>One field of an IDL struct or instruction: where it starts in the bytes, and how many it takes.</summary>
public sealed record IdlField(string Name, int Offset, int Size, JsonElement Type, JsonElement Node);

/// <summary>
/// The escrow program's Codama IDL (src/onchain/zksummarize_escrow.codama.json), read as the byte layouts it
/// describes, so tests can check the C# client against it field by field.
/// </summary>
public static class CodamaIdl
{
    /// <summary>The IDL's <c>program</c> node.</summary>
    public static JsonElement Program { get; } =
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("src", "onchain", "zksummarize_escrow.codama.json"))).RootElement.GetProperty("program");

    /// <summary>The node named <paramref name="name"/> in the program's <paramref name="list"/> (instructions, accounts, pdas, errors).</summary>
    public static JsonElement Named(string list, string name) =>
        Program.GetProperty(list).EnumerateArray().Single(node => node.GetProperty("name").GetString() == name);

    /// <summary>An instruction's arguments (its data, discriminator first), each at its offset.</summary>
    public static IReadOnlyList<IdlField> Arguments(string instruction) => Layout(Named("instructions", instruction).GetProperty("arguments").EnumerateArray());

    /// <summary>An account's fields, each at its offset.</summary>
    public static IReadOnlyList<IdlField> Fields(string account) =>
        Layout(Named("accounts", account).GetProperty("data").GetProperty("fields").EnumerateArray());

    /// <summary>The encoded size of an IDL type this program uses (fixed sizes only).</summary>
    public static int Size(JsonElement type) => type.GetProperty("kind").GetString() switch
    {
        "numberTypeNode" => type.GetProperty("format").GetString() switch
        {
            "u8" => 1, "u16" => 2, "u32" => 4, "u64" or "i64" => 8,
            var other => throw new InvalidOperationException($"number format {other}"),
        },
        "publicKeyTypeNode" => 32,
        "fixedSizeTypeNode" => type.GetProperty("size").GetInt32(),
        "arrayTypeNode" when type.GetProperty("count").GetProperty("kind").GetString() == "fixedCountNode" =>
            type.GetProperty("count").GetProperty("value").GetInt32() * Size(type.GetProperty("item")),
        var other => throw new InvalidOperationException($"the IDL uses {other}, which has no fixed size"),
    };

    private static List<IdlField> Layout(IEnumerable<JsonElement> nodes)
    {
        var fields = new List<IdlField>();
        var offset = 0;
        foreach (var node in nodes)
        {
            var type = node.GetProperty("type");
            fields.Add(new IdlField(node.GetProperty("name").GetString()!, offset, Size(type), type, node));
            offset += Size(type);
        }
        return fields;
    }
}
