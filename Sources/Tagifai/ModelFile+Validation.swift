extension ModelFile {
    /// The longest n-gram a model may use (`ngram_max_range` of `args.json`).
    static let maxNgramLength = 16
    /// The longest word n-gram a model may use (`word_ngram_max_range`).
    static let maxWordNgramLength = 4

    /// Checks all of `bytes` as a model file named `file` and returns its header.
    ///
    /// After this, scoring may trust the file: every size fits the file, the table has an
    /// empty slot (so a probe ends), every table entry names a feature, every feature sits where
    /// its hash probes, and every weight is a finite number.
    static func validate(_ bytes: ModelBytes, file: String) throws(ArtifactError) -> Header {
        let header = try self.header(of: bytes.buffer, file: file)
        try validateTable(bytes.buffer, header: header, file: file)
        try validateNumbers(bytes.buffer, header: header, file: file)
        return header
    }

    /// Reads the header fields and checks them against each other and the file's length.
    private static func header(of raw: UnsafeRawBufferPointer, file: String) throws(ArtifactError) -> Header {
        guard raw.count >= headerSize else {
            throw .truncated(file: file, expectedBytes: headerSize, actualBytes: raw.count)
        }
        guard raw.prefix(8).elementsEqual(magic) else {
            throw .malformed(file: file, reason: "it does not start with the tagifai model magic bytes")
        }
        func field(_ index: Int) -> Int {
            Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 4 * index, as: UInt32.self)))
        }
        let version = field(0)
        guard (1...formatVersion).contains(version) else {
            throw .unsupportedVersion(file: file, found: version, supported: formatVersion)
        }
        let flags = field(5)
        let header = Header(
            classCount: field(1), featureCount: field(2), tableCapacity: field(3), ngramMaxLength: field(4),
            lower: flags & lowerFlag != 0, wordNgramMaxLength: field(6), wordFeatureCount: field(7),
            sublinearTF: flags & sublinearFlag != 0)
        let definedFlags = version == 1 ? lowerFlag : lowerFlag | sublinearFlag
        guard flags & ~definedFlags == 0 else {
            throw .malformed(file: file, reason: "its flags word is \(flags), but only \(definedFlags) of its bits are defined in version \(version)")
        }
        guard version == header.version else {
            throw .malformed(
                file: file,
                reason: "it says format version \(version), but its header fields (word n-grams \(header.wordNgramMaxLength), "
                    + "sublinear tf \(header.sublinearTF)) are those of version \(header.version)")
        }
        guard (0...maxWordNgramLength).contains(header.wordNgramMaxLength),
            header.wordFeatureCount <= header.featureCount,
            header.wordNgramMaxLength > 0 || header.wordFeatureCount == 0
        else {
            throw .malformed(
                file: file,
                reason: "its word n-gram fields (longest \(header.wordNgramMaxLength), \(header.wordFeatureCount) features) "
                    + "do not fit 0...\(maxWordNgramLength) and its \(header.featureCount) features")
        }
        guard header.classCount >= 2 else {
            throw .malformed(file: file, reason: "its header declares \(header.classCount) classes, fewer than 2")
        }
        guard (CharNgrams.minLength...maxNgramLength).contains(header.ngramMaxLength) else {
            throw .malformed(
                file: file,
                reason: "its longest n-gram is \(header.ngramMaxLength), outside \(CharNgrams.minLength)...\(maxNgramLength)")
        }
        guard header.tableCapacity.nonzeroBitCount == 1, header.tableCapacity >= 2 * header.featureCount else {
            throw .malformed(
                file: file,
                reason: "its table capacity \(header.tableCapacity) is not a power of two at least twice "
                    + "its \(header.featureCount) features")
        }
        guard let size = checkedFileSize(header) else {
            throw .malformed(file: file, reason: "its header counts describe a file too large to address")
        }
        guard size == raw.count else { throw .truncated(file: file, expectedBytes: size, actualBytes: raw.count) }
        return header
    }

    /// The file size `header` describes, computed with overflow checks; nil when it overflows.
    static func checkedFileSize(_ header: Header) -> Int? {
        func product(_ factors: Int...) -> Int? {
            var result = 1
            for factor in factors {
                let (value, overflow) = result.multipliedReportingOverflow(by: factor)
                guard !overflow else { return nil }
                result = value
            }
            return result
        }
        guard let table = product(4, header.tableCapacity), let hashes = product(8, header.featureCount),
            let records = product(4, header.featureCount, header.recordStride), let bias = product(4, header.classCount)
        else { return nil }
        var total = (headerSize + table + 7) & ~7
        for part in [hashes, records, bias] {
            let (value, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = value
        }
        return total
    }

    /// Checks that every table entry is empty or names a distinct feature, every feature has one
    /// entry, found by probing from its hash's slot, and so at least one slot is empty.
    private static func validateTable(_ raw: UnsafeRawBufferPointer, header: Header, file: String) throws(ArtifactError) {
        let capacity = header.tableCapacity, featureCount = header.featureCount
        var seen = [Bool](repeating: false, count: featureCount)
        var used = 0
        for slot in 0..<capacity {
            let entry = Int(tableEntry(raw, header: header, slot: slot))
            guard entry != 0 else { continue }
            guard entry <= featureCount else {
                throw .malformed(file: file, reason: "table slot \(slot) names feature \(entry - 1) of \(featureCount)")
            }
            guard !seen[entry - 1] else {
                throw .malformed(file: file, reason: "table slot \(slot) names feature \(entry - 1) a second time")
            }
            seen[entry - 1] = true
            used += 1
        }
        guard used == featureCount, used < capacity else {
            throw .malformed(file: file, reason: "its table holds \(used) of \(featureCount) features in \(capacity) slots")
        }
        let mask = capacity - 1
        for feature in 0..<featureCount {
            let hash = hashOf(feature, raw, header: header)
            var slot = slot(of: hash, mask: mask)
            while true {
                let entry = Int(tableEntry(raw, header: header, slot: slot))
                if entry == feature + 1 { break }
                if entry == 0 || hashOf(entry - 1, raw, header: header) == hash {
                    throw .malformed(file: file, reason: "feature \(feature) is not where its hash leads in the table")
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Checks that every idf, weight and bias is a finite number.
    private static func validateNumbers(_ raw: UnsafeRawBufferPointer, header: Header, file: String) throws(ArtifactError) {
        let floats = (header.fileSize - header.recordsOffset) / 4
        for index in 0..<floats {
            let value = raw.loadUnaligned(fromByteOffset: header.recordsOffset + 4 * index, as: Float.self)
            guard value.isFinite else {
                let what = index < header.featureCount * header.recordStride
                    ? "feature \(index / header.recordStride)'s " + (index % header.recordStride == 0 ? "idf" : "weights")
                    : "the biases"
                throw .malformed(file: file, reason: "\(what) hold \(value), not a finite number")
            }
        }
    }

    private static func tableEntry(_ raw: UnsafeRawBufferPointer, header: Header, slot: Int) -> UInt32 {
        raw.loadUnaligned(fromByteOffset: header.tableOffset + 4 * slot, as: UInt32.self)
    }

    private static func hashOf(_ feature: Int, _ raw: UnsafeRawBufferPointer, header: Header) -> UInt64 {
        raw.loadUnaligned(fromByteOffset: header.hashesOffset + 8 * feature, as: UInt64.self)
    }
}
