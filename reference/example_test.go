package reference_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/lambdaconf/lambdaconf/reference"
)

// ExampleNewServer starts an endpoint with one injected fault and asks it
// for a function that does not exist.
func ExampleNewServer() {
	faults, err := reference.ParseFaults("hex-hash")
	if err != nil {
		panic(err)
	}
	srv := reference.NewServer(reference.Options{Region: "eu-west-1", Faults: faults})
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/2015-03-31/functions/ghost/code", strings.NewReader(`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	// Output: 404 ResourceNotFoundException
}
