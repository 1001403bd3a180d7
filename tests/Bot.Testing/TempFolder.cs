namespace Bot.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bot-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> (a path relative to the folder) and returns its full path.</summary>
    public string File(string name, string content)
    {
        var full = Prepare(name);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Like <see cref="File"/>, for binary content.</summary>
    public string Bytes(string name, byte[] content)
    {
        var full = Prepare(name);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        // Best effort: a child process may still hold a file open; a leftover temp folder must not fail the test.
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Prepare(string name)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }
}
