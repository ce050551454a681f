console.log('manifest: todo')
