// SwiftPM links an executable target with its entry point renamed to `<target>_main`; with
// -parse-as-library there is no Swift entry point, so these run libFuzzer's driver instead, one
// per fuzzer executable (each links only its own).
#include "FuzzerEntry.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int RequestFuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}

int ModelFileFuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
