using System.Diagnostics;
using Spectre.Console;

namespace ZkSummarize.Cli;

/// <summary>
/// Runs a long ceremony step on the thread pool with a spinner that shows the step's latest progress
/// message, then a tick with the time it took; file and format errors become a message and an exit code.
/// </summary>
internal static class CeremonySteps
{
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<string>, T> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await AnsiConsole.Status().StartAsync(title + "…", async context =>
        {
            var progress = new Progress<string>(message => context.Status(Markup.Escape($"{title}: {message}")));
            return await Task.Run(() => work(progress));
        });
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {title} ({clock.Elapsed.TotalSeconds:F1} s)");
        return result;
    }

    /// <summary>Reads a file, or says which one could not be read and returns null.</summary>
    public static async Task<byte[]?> ReadAsync(FileInfo file, string what, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the {what} {file.FullName}:[/] {e.Message}");
            return null;
        }
    }

    /// <summary>Parses what was read, or says what is wrong with the file and returns default.</summary>
    public static T? Parse<T>(byte[] bytes, FileInfo file, string what, Func<byte[], T> parse) where T : class
    {
        try
        {
            return parse(bytes);
        }
        catch (FormatException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.Name} is not a valid {what}:[/] {e.Message}");
            return null;
        }
    }

    /// <summary>Writes the file through a temporary name, so an interrupted run never leaves half a file behind.</summary>
    public static async Task WriteAsync(FileInfo file, byte[] bytes, CancellationToken ct)
    {
        var temporary = file.FullName + ".partial";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, file.FullName, overwrite: true);
    }
}
