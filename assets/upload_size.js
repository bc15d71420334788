/* A file over the upload box's size limit never reaches the server: the box drops it in the
 * browser and sends nothing, so the message of the file before ("Saved as ...") stayed and read as
 * this one's. Say what happened instead; the server's own check stays the rule. */
(function () {
    var BOX = "leverage-upload", MESSAGE = "leverage-upload-message", LIMIT = 1000000;

    function tooLarge(files) {
        var file = files && files.length ? files[0] : null;
        if (!file || file.size <= LIMIT) { return; }
        var out = document.getElementById(MESSAGE);
        if (!out) { return; }
        out.className = "small mt-1 text-danger";
        out.textContent = file.name + ": the file is " + file.size.toLocaleString("en-US") +
            " bytes; the limit is " + LIMIT.toLocaleString("en-US") + " bytes (1 MB). Nothing was uploaded.";
    }

    document.addEventListener("change", function (event) {
        if (event.target && event.target.closest && event.target.closest("#" + BOX)) { tooLarge(event.target.files); }
    }, true);
    document.addEventListener("drop", function (event) {
        if (event.target && event.target.closest && event.target.closest("#" + BOX)) {
            tooLarge(event.dataTransfer && event.dataTransfer.files);
        }
    }, true);
})();
