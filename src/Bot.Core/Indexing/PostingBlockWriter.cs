using System.Runtime.CompilerServices;

namespace Bot.Core.Indexing;

/// <summary>
/// Packs terms, given in UTF-8 byte order, into <see cref="PostingBlock"/>s and hands each finished block (its first
/// term, its blob) to <paramref name="emit"/>, as spans of buffers it reuses for the next block (SQLite copies what it
/// binds): a 100k index writes and merges ~200 MB of blocks.
/// </summary>
internal sealed class PostingBlockWriter(PostingBlockWriter.Emitter emit)
{
    /// <summary>Receives a finished block: its first term's UTF-8 bytes and the blob, valid only during the call.</summary>
    public delegate void Emitter(ReadOnlySpan<byte> firstTerm, ReadOnlySpan<byte> blob);

    private byte[] _blob = new byte[PostingBlock.TargetBytes * 2];
    private readonly List<(int TermOffset, int TermLength, int Rows, int Length)> _entries = [];
    private byte[] _terms = new byte[1024];
    private int _termBytes;
    private byte[] _data = new byte[PostingBlock.TargetBytes * 2];
    private int _n;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> utf8, int rows, ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return;
        if (_entries.Count > 0 && (_n >= PostingBlock.TargetBytes || data.Length >= PostingBlock.LargeBytes)) Emit();
        if (_data.Length - _n < data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, _n + data.Length));
        data.CopyTo(_data.AsSpan(_n));
        _n += data.Length;
        if (_terms.Length - _termBytes < utf8.Length) Array.Resize(ref _terms, Math.Max(_terms.Length * 2, _termBytes + utf8.Length));
        utf8.CopyTo(_terms.AsSpan(_termBytes));
        _entries.Add((_termBytes, utf8.Length, rows, data.Length));
        _termBytes += utf8.Length;
        if (data.Length >= PostingBlock.LargeBytes) Emit();
    }

    /// <summary>Emits the last, partly filled block.</summary>
    public void Complete()
    {
        if (_entries.Count > 0) Emit();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Emit()
    {
        int size = 10 + _entries.Count * 15 + _termBytes + _n;
        if (_blob.Length < size) _blob = new byte[Math.Max(size, _blob.Length * 2)];
        var blob = _blob;
        int i = 0;
        PostingCodec.Write(blob, ref i, (ulong)_entries.Count);
        foreach (var e in _entries)
        {
            PostingCodec.Write(blob, ref i, (ulong)e.TermLength);
            _terms.AsSpan(e.TermOffset, e.TermLength).CopyTo(blob.AsSpan(i));
            i += e.TermLength;
            PostingCodec.Write(blob, ref i, (ulong)e.Rows);
            PostingCodec.Write(blob, ref i, (ulong)e.Length);
        }
        _data.AsSpan(0, _n).CopyTo(blob.AsSpan(i));
        i += _n;
        emit(_terms.AsSpan(_entries[0].TermOffset, _entries[0].TermLength), blob.AsSpan(0, i));
        _entries.Clear();
        _n = 0;
        _termBytes = 0;
    }
}
