using PuppeteerSharp;

namespace ZkSummarize.Node.Tests.Browser;

/// <summary>
/// Debian's chromium, headless with a fresh profile, driven over the DevTools protocol by PuppeteerSharp (which
/// cannot download a browser here: scripts/apt-packages.txt installs chromium). One browser per fixture, a tab per test.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    // Without the background-networking flags chromium's own connections (updates, sync, QUIC probes) are
    // refused on a machine without internet, and it stalls; --no-sandbox because tests run as root.
    private static readonly string[] Flags =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _profile = Directory.CreateTempSubdirectory("zks-chromium-").FullName;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run scripts/setup.sh, which installs Debian's chromium (scripts/apt-packages.txt).");
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            UserDataDir = _profile,
            Args = Flags,
            Timeout = 60_000,
        });
    }

    /// <summary>A new tab; everything the page logs as an error, and every uncaught exception, is collected in <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var page = await (_browser ?? throw new InvalidOperationException("The browser has not started.")).NewPageAsync();
        page.DefaultTimeout = 90_000;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error) lock (errors) errors.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
        };
        page.PageError += (_, e) =>
        {
            lock (errors) errors.Add(e.Message);
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile as it exits; a leftover temp folder is harmless
        }
    }
}
