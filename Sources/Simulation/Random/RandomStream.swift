/// A fast, seedable stream of random bits: xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64.
///
/// Every random value the simulation draws comes from a `RandomStream`, so the same seed gives the same events
/// on every machine and every run. The stream is a plain value of six words: drawing never locks or allocates, and
/// a copy continues independently from the same point.
///
/// Independent sub-streams — one per simulated worker, one per event, one for the arrival process — come from
/// ``init(seed:stream:)`` or ``split(stream:)``, so results never depend on which thread ran first:
///
/// ```swift
/// var random = RandomStream(seed: 42, stream: 3)   // worker 3's own stream
/// let u = random.nextUnit()                         // in (0, 1), never 0
/// let die = random.nextIndex(below: 6)              // 0 ... 5
/// ```
public struct RandomStream: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The second value of the last polar-method pair when ``hasSpareNormal``, else 0.
    @usableFromInline var spareNormal: Double
    /// True when ``spareNormal`` holds a normal value not yet returned.
    @usableFromInline var hasSpareNormal: Bool

    /// A stream fixed by `seed`: the state is the first four outputs of SplitMix64 started at `seed`.
    ///
    /// Any seed is valid, 0 included (the state is never all zero).
    @inlinable
    public init(seed: UInt64) {
        var seeder = SplitMix64(state: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
        spareNormal = 0
        hasSpareNormal = false
    }

    /// A stream for one block of simulated events, seeded from `eventSeed` with four different 64-bit finalizers
    /// (SplitMix64's, MurmurHash3's, Moremur's and Lea's) applied to `eventSeed + k·γ`.
    ///
    /// Cheaper than ``init(seed:)`` where a stream is seeded per block: the four finalizers use different
    /// shift counts, so the compiler keeps them in scalar registers (SplitMix64 four times over gets
    /// vectorized into emulated 64-bit vector multiplies and a store-forwarding stall).
    @inlinable @inline(__always)
    init(eventSeed: UInt64) {
        let gamma = SplitMix64.gamma
        s0 = SplitMix64.mix(eventSeed &+ gamma)
        var b = eventSeed &+ 2 &* gamma
        b = (b ^ (b &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
        b = (b ^ (b &>> 33)) &* 0xC4CE_B9FE_1A85_EC53
        s1 = b ^ (b &>> 33)
        var c = eventSeed &+ 3 &* gamma
        c = (c ^ (c &>> 27)) &* 0x3C79_AC49_2BA7_B653
        c = (c ^ (c &>> 33)) &* 0x1C69_B3F7_4AC4_AE35
        s2 = c ^ (c &>> 27)
        var d = eventSeed &+ 4 &* gamma
        d = (d ^ (d &>> 32)) &* 0xDABA_0B6E_B093_22E3
        d = (d ^ (d &>> 32)) &* 0xDABA_0B6E_B093_22E3
        s3 = d ^ (d &>> 32)
        spareNormal = 0
        hasSpareNormal = false
    }

    /// Sub-stream number `stream` of the streams fixed by `seed`: different `stream` values give unrelated
    /// streams; the same pair gives the same stream.
    ///
    /// Distinct `stream` numbers map to distinct SplitMix64 seeds (the derivation is a bijection), and the
    /// chance that two of them overlap within 2^40 draws is below 2^-100.
    @inlinable
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: Self.subStreamSeed(key: SplitMix64.mix(seed), stream: stream))
    }

    /// A sub-stream determined by this stream's current state and `stream`; this stream does not advance.
    ///
    /// `split(stream: n)` for `n` = 0, 1, 2 … gives as many unrelated children, each reproducible from the
    /// parent's state.
    @inlinable
    public func split(stream: UInt64) -> RandomStream {
        let key = SplitMix64.mix(s0 ^ SplitMix64.mix(s1 ^ SplitMix64.mix(s2 ^ SplitMix64.mix(s3))))
        return RandomStream(seed: Self.subStreamSeed(key: key, stream: stream))
    }

    /// The seed of sub-stream `stream` under `key`: a bijection of `stream` for a fixed key.
    @inlinable
    static func subStreamSeed(key: UInt64, stream: UInt64) -> UInt64 {
        SplitMix64.mix(key &+ SplitMix64.mix(stream &+ 0xD1B5_4A32_D192_ED03))
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 &<< 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }
}

extension UInt64 {
    /// The bits rotated left by `count` (0 < `count` < 64).
    @inlinable
    func rotatedLeft(by count: UInt64) -> UInt64 {
        (self &<< count) | (self &>> (64 &- count))
    }
}
