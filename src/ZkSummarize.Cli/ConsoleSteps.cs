using Spectre.Console;

namespace ZkSummarize.Cli;

/// <summary>A long step with a spinner while it runs and a tick when it is done.</summary>
internal static class ConsoleSteps
{
    public static async Task<T> Step<T>(string title, Func<Task<T>> action)
    {
        var result = await AnsiConsole.Status().StartAsync(title + "…", _ => action());
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {title}");
        return result;
    }

    public static Task Step(string title, Func<Task> action) => Step(title, async () =>
    {
        await action();
        return true;
    });
}
