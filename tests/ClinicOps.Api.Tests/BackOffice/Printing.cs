using ClinicOps.Api.Tests.Contract;

namespace ClinicOps.Api.Tests.BackOffice;

/// <summary>Prints HTML to PDF with Debian's headless Chromium and reads it back with poppler-utils, installing both on first use.</summary>
internal static class Printing
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureToolsAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (OnPath("chromium") && OnPath("pdftotext") && OnPath("pdfinfo"))
            {
                return;
            }

            var update = await Tools.RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "update"], Path.GetTempPath(), TimeSpan.FromMinutes(10));
            Assert.True(update.ExitCode == 0, update.Output);
            var install = await Tools.RunAsync(
                "apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium", "poppler-utils"], Path.GetTempPath(), TimeSpan.FromMinutes(15),
                new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            Assert.True(install.ExitCode == 0, install.Output);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Prints the page to PDF as a browser would (Letter, no header or footer) and returns the page count and text.</summary>
    public static async Task<(int Pages, string Text)> PrintAsync(string html)
    {
        await EnsureToolsAsync();
        var directory = Directory.CreateTempSubdirectory("clinicops-print-");
        try
        {
            var page = Path.Combine(directory.FullName, "form.html");
            var pdf = Path.Combine(directory.FullName, "form.pdf");
            await File.WriteAllTextAsync(page, html);
            var printed = await Tools.RunAsync(
                "chromium",
                ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(directory.FullName, "profile")}",
                 "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri],
                directory.FullName, TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(pdf), printed.Output);
            var info = await Tools.RunAsync("pdfinfo", [pdf], directory.FullName, TimeSpan.FromMinutes(1));
            var pages = int.Parse(info.Output.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var text = await Tools.RunAsync("pdftotext", ["-layout", pdf, "-"], directory.FullName, TimeSpan.FromMinutes(1));
            Assert.Equal(0, text.ExitCode);
            return (pages, text.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));
}
