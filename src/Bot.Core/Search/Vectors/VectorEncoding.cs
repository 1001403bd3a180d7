namespace Bot.Core.Search.Vectors;

/// <summary>How a vector is stored in a blob: little-endian IEEE 754 values, no header.</summary>
public enum VectorEncoding
{
    /// <summary>2 bytes per dimension (<see cref="Half"/>); half the size, ~3 significant digits — plenty for cosine ranking.</summary>
    Float16 = 0,

    /// <summary>4 bytes per dimension (<see cref="float"/>); exact.</summary>
    Float32 = 1,
}
