import ArgumentParser

/// `statsbench run --instructions`: whether the record paths' instructions are counted under valgrind. The raw
/// value is the flag's spelling; ArgumentParser refuses any other, listing these.
enum InstructionCounting: String, CaseIterable, ExpressibleByArgument {
    /// When valgrind is installed; the figure says why not otherwise.
    case auto
    /// Always; a missing valgrind is an error.
    case on
    /// Never.
    case off
}
