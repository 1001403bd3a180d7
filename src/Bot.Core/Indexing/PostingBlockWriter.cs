using System.Runtime.CompilerServices;
using System.Text;

namespace Bot.Core.Indexing;

/// <summary>
/// Packs terms, given in UTF-8 byte order, into <see cref="PostingBlock"/>s and hands each finished block (its first
/// term, its blob) to <paramref name="emit"/>.
/// </summary>
internal sealed class PostingBlockWriter(Action<string, byte[]> emit)
{
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
        var blob = new byte[10 + _entries.Count * 15 + _termBytes + _n];
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
        emit(Encoding.UTF8.GetString(_terms, _entries[0].TermOffset, _entries[0].TermLength), blob.AsSpan(0, i).ToArray());
        _entries.Clear();
        _n = 0;
        _termBytes = 0;
    }
}
