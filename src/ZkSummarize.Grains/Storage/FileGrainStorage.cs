using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace ZkSummarize.Grains.Storage;

/// <summary>
/// Grain state as one JSON file per grain under a folder: the embedded node's durable storage. A write
/// goes to a temporary file that is flushed to disk and then renamed over the old one, so a crash leaves
/// the old state or the new one, never half of either. The ETag is the file's write counter; a stale
/// ETag is refused. One silo only: a cluster uses Orleans' ADO.NET provider on PostgreSQL.
/// </summary>
public sealed class FileGrainStorage(string folder, ILogger<FileGrainStorage> logger) : IGrainStorage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder => folder;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        await using var stream = File.OpenRead(path);
        var record = await JsonSerializer.DeserializeAsync<Record<T>>(stream, Json)
            ?? throw new InvalidDataException($"The state file {path} is empty.");
        grainState.State = record.State;
        grainState.ETag = record.Writes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var writes = CheckETag(path, grainState.ETag) + 1;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await JsonSerializer.SerializeAsync(stream, new Record<T>(writes, grainState.State!), Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = writes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        CheckETag(path, grainState.ETag);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private long CheckETag(string path, string? etag)
    {
        long current = 0;
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            current = document.RootElement.GetProperty("writes").GetInt64();
        }
        var expected = etag is null ? 0 : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
        if (expected != current)
        {
            logger.LogWarning("Refused a stale write to {Path}: ETag {Expected}, stored {Current}", path, expected, current);
            throw new InconsistentStateException($"The state in {path} changed since it was read (ETag {expected}, stored {current}).", current.ToString(System.Globalization.CultureInfo.InvariantCulture), etag ?? "");
        }
        return current;
    }

    // One folder per state name; the grain id (type/key) becomes a file name that is safe on every file system.
    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(folder, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()).Replace("%", "_", StringComparison.Ordinal) + ".json");

    private sealed record Record<T>(long Writes, T State);
}
