using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace TinyNN.Generators.Models;

/// <summary>An immutable array with value equality, so generator models built from it cache across edits.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    private readonly T[]? items;

    public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefault ? null : items.ToArray();

    public EquatableArray(IEnumerable<T> items) => this.items = [.. items];

    public static EquatableArray<T> Empty => default;

    public int Length => items?.Length ?? 0;

    public bool IsEmpty => Length == 0;

    public T this[int index] => items![index];

    public bool Equals(EquatableArray<T> other)
    {
        if (Length != other.Length) return false;
        for (var i = 0; i < Length; i++)
        {
            if (!items![i].Equals(other.items![i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        if (items is not null)
        {
            foreach (var item in items) hash = unchecked(hash * 31 + item.GetHashCode());
        }
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
